/* fuzzutil.h - what the libFuzzer targets share: a scratch directory on tmpfs, and
 * files made once by the library (volumes, tapes, decks) and written again for each
 * input, so that every input starts from the same files. */
#ifndef S370_FUZZUTIL_H
#define S370_FUZZUTIL_H

#include <stddef.h>
#include <stdint.h>

#define FUZZ_FILES_MAX 16

struct fuzz_file {
    char name[32];              /* in the scratch directory */
    uint8_t *bytes;
    size_t len;
};

struct fuzz_files {
    char dir[64];
    struct fuzz_file f[FUZZ_FILES_MAX];
    unsigned n;
};

/* Make /dev/shm/s370-fuzz-WHAT-XXXXXX (under /tmp without /dev/shm) into dir; it is
 * emptied and removed at exit. One per process. Aborts on failure, as below. */
void fuzz_scratch(char *dir, size_t n, const char *what);
/* dir/name into out. */
void fuzz_path(const char *dir, const char *name, char *out, size_t n);
/* Remove every file (and empty directory) in dir. */
void fuzz_empty_dir(const char *dir);
/* Write a whole file. */
void fuzz_write(const char *path, const void *bytes, size_t len);
/* Keep the file dir/name as it is now; or the given bytes under name. */
void fuzz_keep(struct fuzz_files *k, const char *name);
void fuzz_keep_bytes(struct fuzz_files *k, const char *name, const void *bytes, size_t len);
void fuzz_keep_text(struct fuzz_files *k, const char *name, const char *text);
/* The kept file of that name, or NULL; write it again into the directory. */
const struct fuzz_file *fuzz_kept(const struct fuzz_files *k, const char *name);
void fuzz_put(const struct fuzz_files *k, const struct fuzz_file *f);

#endif
