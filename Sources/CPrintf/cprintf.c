#include "cprintf.h"

#include <stdio.h>

int flarelog_format_double(char *buffer, size_t size, const char *format, double value) {
    return snprintf(buffer, size, format, value);
}
