#ifndef FLARELOG_CPRINTF_H
#define FLARELOG_CPRINTF_H

#include <stddef.h>

/// snprintf with one double argument: Swift cannot call variadic C functions, and its va_list builder
/// casts every argument dynamically, which costs a conformance scan per first use.
int flarelog_format_double(char *buffer, size_t size, const char *format, double value);

#endif
