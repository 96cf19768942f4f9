#ifndef FLARELOG_CTERMINAL_H
#define FLARELOG_CTERMINAL_H

/// Turns echo off on the terminal `fd` (keeping the newline's echo) until flarelog_echo_restore(). Until then
/// SIGINT, SIGTERM, SIGHUP and SIGQUIT, where they would end the process, first put the terminal back as it
/// was: a Ctrl-C at a passphrase prompt must not leave the user's shell without echo. Signals the process
/// ignores or handles itself are left alone. Returns 0, or -1 (with errno) when `fd` is not a terminal.
int flarelog_echo_off(int fd);

/// Puts the terminal of flarelog_echo_off() back as it was and the signals as they were. Does nothing when
/// echo is not off.
void flarelog_echo_restore(void);

#endif
