/* fuzzutil.c - scratch directory and kept files of the libFuzzer targets. */
#include "fuzzutil.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The directory atexit removes (libFuzzer ends a run by exit()). */
static char scratch[64];

static void scratch_remove(void)
{
    fuzz_empty_dir(scratch);
    rmdir(scratch);
}

void fuzz_scratch(char *dir, size_t n, const char *what)
{
    /* tmpfs where there is one: the image layers sync on open and close. */
    snprintf(dir, n, "/dev/shm/s370-fuzz-%s-XXXXXX", what);
    if (!mkdtemp(dir)) {
        snprintf(dir, n, "/tmp/s370-fuzz-%s-XXXXXX", what);
        if (!mkdtemp(dir)) abort();
    }
    if (scratch[0] || strlen(dir) >= sizeof scratch) abort();
    memcpy(scratch, dir, strlen(dir) + 1);
    atexit(scratch_remove);
}

void fuzz_path(const char *dir, const char *name, char *out, size_t n)
{
    if ((size_t)snprintf(out, n, "%s/%s", dir, name) >= n) abort();
}

void fuzz_empty_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) abort();
    struct dirent *e;
    char path[400];
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            fuzz_path(dir, e->d_name, path, sizeof path);
            if (unlink(path)) rmdir(path);      /* a directory a configuration made */
        }
    closedir(d);
}

void fuzz_write(const char *path, const void *bytes, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || (len && fwrite(bytes, 1, len, f) != len) || fclose(f)) abort();
}

static struct fuzz_file *slot(struct fuzz_files *k, const char *name)
{
    if (k->n >= FUZZ_FILES_MAX || strlen(name) >= sizeof k->f[0].name) abort();
    struct fuzz_file *f = &k->f[k->n++];
    memcpy(f->name, name, strlen(name) + 1);
    return f;
}

void fuzz_keep(struct fuzz_files *k, const char *name)
{
    char path[400];
    fuzz_path(k->dir, name, path, sizeof path);
    FILE *fp = fopen(path, "rb");
    if (!fp || fseek(fp, 0, SEEK_END)) abort();
    long len = ftell(fp);
    if (len < 0) abort();
    struct fuzz_file *f = slot(k, name);
    f->len = (size_t)len;
    f->bytes = malloc(f->len + 1);
    rewind(fp);
    if (!f->bytes || fread(f->bytes, 1, f->len, fp) != f->len) abort();
    fclose(fp);
}

void fuzz_keep_bytes(struct fuzz_files *k, const char *name, const void *bytes, size_t len)
{
    struct fuzz_file *f = slot(k, name);
    f->len = len;
    f->bytes = malloc(len + 1);
    if (!f->bytes) abort();
    memcpy(f->bytes, bytes, len);
}

void fuzz_keep_text(struct fuzz_files *k, const char *name, const char *text)
{
    fuzz_keep_bytes(k, name, text, strlen(text));
}

const struct fuzz_file *fuzz_kept(const struct fuzz_files *k, const char *name)
{
    for (unsigned i = 0; i < k->n; i++)
        if (!strcmp(k->f[i].name, name)) return &k->f[i];
    return NULL;
}

void fuzz_put(const struct fuzz_files *k, const struct fuzz_file *f)
{
    char path[400];
    fuzz_path(k->dir, f->name, path, sizeof path);
    fuzz_write(path, f->bytes, f->len);
}
