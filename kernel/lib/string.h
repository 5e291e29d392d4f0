// Byte and string helpers with the standard C names and meanings, so code that
// is shared with host tools (fdt.c) compiles against either this or libc.
#pragma once
#include <stddef.h>
#include <stdint.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
// Copies at most size-1 bytes and always NUL-terminates (when size > 0); returns strlen(src).
size_t strlcpy(char *dst, const char *src, size_t size);
