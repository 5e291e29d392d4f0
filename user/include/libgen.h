// Path names split in two, as POSIX has it: both may write into path (to
// drop trailing slashes) and return a pointer into it or to a constant.
#pragma once

char *basename(char *path);   // "/a/b/" -> "b", "/" -> "/", "" -> "."
char *dirname(char *path);    // "/a/b/" -> "/a", "a" -> ".", "/" -> "/"
