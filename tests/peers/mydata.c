/* A peer nobody on this team wrote against our code: plain POSIX and the demo's struct.
 *   mydata read NAME INDEX               prints Col1 Col2 Col3 of record INDEX
 *   mydata write NAME INDEX C1 C2 C3     creates or opens NAME (mode 600), grows it to fit, stores the record */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct { int64_t Col1, Col2, Col3; } MyData;

_Static_assert(sizeof(MyData) == 24, "MyData is 24 bytes");
_Static_assert(offsetof(MyData, Col3) == 16, "Col3 at 16");

int main(int argc, char **argv) {
    if (argc < 4) return 2;
    int writing = strcmp(argv[1], "write") == 0;
    long long index = strtoll(argv[3], NULL, 10);
    int fd = shm_open(argv[2], writing ? O_RDWR | O_CREAT : O_RDONLY, 0600);
    if (fd < 0) { perror("shm_open"); return 1; }
    struct stat st;
    if (fstat(fd, &st) < 0) { perror("fstat"); return 1; }
    off_t end = (off_t)(index + 1) * (off_t)sizeof(MyData);
    if (writing && st.st_size < end && ftruncate(fd, end) < 0) { perror("ftruncate"); return 1; }
    if (!writing && st.st_size < end) { fprintf(stderr, "too short\n"); return 1; }
    MyData *p = mmap(NULL, end, writing ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) { perror("mmap"); return 1; }
    if (writing) {
        if (argc < 7) return 2;
        p[index].Col1 = strtoll(argv[4], NULL, 10);
        p[index].Col2 = strtoll(argv[5], NULL, 10);
        p[index].Col3 = strtoll(argv[6], NULL, 10);
    } else {
        printf("%" PRId64 " %" PRId64 " %" PRId64 "\n", p[index].Col1, p[index].Col2, p[index].Col3);
    }
    munmap(p, end);
    close(fd);
    return 0;
}
