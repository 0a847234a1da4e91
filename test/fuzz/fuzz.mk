# fuzz.mk - builds and runs the libFuzzer targets with clang (GNU make; called by the
# `fuzz`, `fuzz-build` and smoke-test rules of test/fuzz/fuzz.am, which pass):
#   SRCDIR        the source tree           FUZZ_CC       clang
#   FUZZ_CPPFLAGS the program's flags: only its -I and -D options are used
#   FUZZ_LIBS     the program's libraries: libs370.a is left out
#   LIB_SOURCES   the sources of libs370.a  FUZZ_TARGETS  target names (fuzz_NAME.c)
#   FUZZ_SECONDS  run time of each target
# The library is compiled again here (into test/fuzz/obj) with the fuzzer's coverage
# instrumentation, AddressSanitizer and UndefinedBehaviorSanitizer; each target is
# test/fuzz/fuzz_NAME.c, built as test/fuzz/bin/fuzz_NAME, with its seeds and
# regression inputs in test/fuzz/corpus-NAME/ (read only) and what it finds in
# test/fuzz/work-NAME/ (in the build tree).
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer -g -O1
FUZZ_CFLAGS = -std=gnu11 -Wall -Wextra -pthread $(FUZZ_SAN)
CPPFLAGS_USED = $(filter -I% -D%,$(FUZZ_CPPFLAGS))
LIBS_USED = $(filter-out libs370.a,$(FUZZ_LIBS))
OBJDIR = test/fuzz/obj
FUZZ_LIB = test/fuzz/libs370-fuzz.a
LIB_OBJS = $(patsubst %.c,$(OBJDIR)/%.o,$(filter %.c,$(LIB_SOURCES)))
FUZZ_BINS = $(FUZZ_TARGETS:%=test/fuzz/bin/fuzz_%)

.PHONY: build run
build: $(FUZZ_BINS)

$(OBJDIR)/%.o: $(SRCDIR)/%.c
	@mkdir -p $(@D)
	@echo "  FUZZCC   $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(CPPFLAGS_USED) -MMD -MP -c -o $@ $<

$(FUZZ_LIB): $(LIB_OBJS)
	@echo "  AR       $@"
	@rm -f $@ && ar rcs $@ $^

test/fuzz/bin/fuzz_%: $(SRCDIR)/test/fuzz/fuzz_%.c $(SRCDIR)/test/fuzz/fuzzutil.c \
		$(SRCDIR)/test/fuzz/fuzzutil.h $(FUZZ_LIB)
	@mkdir -p $(@D)
	@echo "  FUZZLD   $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(CPPFLAGS_USED) -o $@ $< \
	  $(SRCDIR)/test/fuzz/fuzzutil.c $(FUZZ_LIB) $(LIBS_USED)

-include $(LIB_OBJS:.o=.d)

# Each target for FUZZ_SECONDS, mutating its corpus; a crash stops the run and leaves
# the input in test/fuzz/crash-NAME-*; copy it to corpus-NAME/ once it is fixed.
run: build
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p test/fuzz/work-$$t; \
	  echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
	  ./test/fuzz/bin/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix=test/fuzz/crash-$$t- \
	    test/fuzz/work-$$t $(SRCDIR)/test/fuzz/corpus-$$t || exit 1; \
	done

