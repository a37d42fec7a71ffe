/*
 * The C references of `npm run bench`, built with gcc -O2 when the bench starts: what a careful C
 * programmer would write for the same jobs, records of three int64 (MyData).
 *
 *   bench-ref gen N bench|full SEED   N lines of TSV on stdout (full: seeded random int64 values)
 *   bench-ref read-printf NAME        every record as TSV, with printf
 *   bench-ref read-itoa NAME          the same with a hand-written integer-to-ASCII
 *   bench-ref read-one NAME           record 0 as JSON (start-up)
 *   bench-ref load-strtoll NAME       TSV lines from stdin into a new segment, with strtoll
 *   bench-ref load-fast NAME          the same with a hand-written parser
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define BATCH 43690 /* records per pwrite, about 1 MiB as the tools do */

static char *itoa64(char *p, int64_t v) {
  char tmp[24];
  int n = 0;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  if (v < 0) *p++ = '-';
  do {
    tmp[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  while (n) *p++ = tmp[--n];
  return p;
}

static const int64_t *map_segment(const char *name, size_t *count) {
  int fd = shm_open(name, O_RDONLY, 0);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) < 0) {
    perror(name);
    exit(1);
  }
  *count = (size_t)st.st_size / 24;
  if (*count == 0) return NULL;
  void *p = mmap(NULL, *count * 24, PROT_READ, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) {
    perror("mmap");
    exit(1);
  }
  return p;
}

static int create_segment(const char *name) {
  int fd = shm_open(name, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    perror(name);
    exit(1);
  }
  return fd;
}

static void flush_records(int fd, const int64_t *batch, size_t n, size_t *written) {
  size_t bytes = n * 24;
  if (pwrite(fd, batch, bytes, (off_t)(*written * 24)) != (ssize_t)bytes) {
    perror("pwrite");
    exit(1);
  }
  *written += n;
}

static int64_t parse_fast(const char **s) {
  const char *p = *s;
  int neg = *p == '-';
  if (neg) p++;
  uint64_t u = 0;
  while (*p >= '0' && *p <= '9') u = u * 10 + (uint64_t)(*p++ - '0');
  *s = p;
  return neg ? (int64_t)((uint64_t)0 - u) : (int64_t)u;
}

static void load(const char *name, int fast) {
  int fd = create_segment(name);
  static int64_t batch[BATCH * 3];
  size_t n = 0, written = 0;
  char *line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, stdin) > 0) {
    const char *p = line;
    for (int f = 0; f < 3; f++) {
      if (fast) {
        batch[n * 3 + f] = parse_fast(&p);
        p++;
      } else {
        char *end;
        batch[n * 3 + f] = strtoll(p, &end, 10);
        p = end + 1;
      }
    }
    if (++n == BATCH) flush_records(fd, batch, n, &written), n = 0;
  }
  if (n) flush_records(fd, batch, n, &written);
  free(line);
  close(fd);
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  const char *mode = argv[1];
  static char out[1 << 20];
  if (!strcmp(mode, "gen") && argc == 5) {
    long long n = atoll(argv[2]);
    int full = !strcmp(argv[3], "full");
    uint64_t x = (uint64_t)atoll(argv[4]) * 0x9E3779B97F4A7C15ull + 1;
    size_t used = 0;
    for (long long i = 0; i < n; i++) {
      int64_t v[3];
      for (int f = 0; f < 3; f++) {
        x ^= x >> 12, x ^= x << 25, x ^= x >> 27; /* xorshift64* */
        v[f] = (int64_t)(x * 0x2545F4914F6CDD1Dull);
      }
      if (!full) v[0] = i * 7919 - 3000000, v[1] = -i, v[2] = i * 2147483648LL;
      if (used > sizeof out - 80) fwrite(out, 1, used, stdout), used = 0;
      char *p = out + used;
      for (int f = 0; f < 3; f++) p = itoa64(p, v[f]), *p++ = f == 2 ? '\n' : '\t';
      used = (size_t)(p - out);
    }
    fwrite(out, 1, used, stdout);
    return 0;
  }
  if (!strcmp(mode, "read-printf") || !strcmp(mode, "read-itoa") || !strcmp(mode, "read-one")) {
    size_t count;
    const int64_t *r = map_segment(argv[2], &count);
    if (!strcmp(mode, "read-one")) {
      printf("{\"Col1\":%" PRId64 ",\"Col2\":%" PRId64 ",\"Col3\":%" PRId64 "}\n", r[0], r[1], r[2]);
      return 0;
    }
    if (!strcmp(mode, "read-printf")) {
      for (size_t i = 0; i < count; i++) printf("%" PRId64 "\t%" PRId64 "\t%" PRId64 "\n", r[i * 3], r[i * 3 + 1], r[i * 3 + 2]);
      return 0;
    }
    size_t used = 0;
    for (size_t i = 0; i < count; i++) {
      if (used > sizeof out - 80) fwrite(out, 1, used, stdout), used = 0;
      char *p = out + used;
      for (int f = 0; f < 3; f++) p = itoa64(p, r[i * 3 + f]), *p++ = f == 2 ? '\n' : '\t';
      used = (size_t)(p - out);
    }
    fwrite(out, 1, used, stdout);
    return 0;
  }
  if (!strcmp(mode, "load-strtoll") || !strcmp(mode, "load-fast")) {
    load(argv[2], !strcmp(mode, "load-fast"));
    return 0;
  }
  return 2;
}
