#include "cterminal.h"

#include <signal.h>
#include <stddef.h>
#include <termios.h>

// C rather than Swift because the handler must be async-signal-safe: it reads only this file's statics,
// set before the handler is installed, and calls only tcsetattr, sigaction and raise (all on POSIX's list).
static const int handled[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
enum { handled_count = sizeof handled / sizeof handled[0] };

static int terminal = -1;
static struct termios saved;
static struct sigaction previous[handled_count];
static int installed[handled_count];

static void restore_then_die(int signal_number) {
    tcsetattr(terminal, TCSANOW, &saved);
    struct sigaction fallback = {0};
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(signal_number, &fallback, NULL);
    // The signal is blocked while its handler runs, so it is delivered again, now with its default action,
    // as soon as the handler returns: the process ends by it and its parent sees which signal it was.
    raise(signal_number);
}

static void block_handled(sigset_t *old) {
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < handled_count; i++) sigaddset(&set, handled[i]);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

int flarelog_echo_off(int fd) {
    if (terminal >= 0) return 0;
    sigset_t old;
    block_handled(&old);
    if (tcgetattr(fd, &saved) != 0) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        return -1;
    }
    terminal = fd;
    struct sigaction handler = {0};
    handler.sa_handler = restore_then_die;
    sigemptyset(&handler.sa_mask);
    for (int i = 0; i < handled_count; i++) sigaddset(&handler.sa_mask, handled[i]);
    for (int i = 0; i < handled_count; i++) {
        sigaction(handled[i], NULL, &previous[i]);
        installed[i] = previous[i].sa_handler == SIG_DFL && !(previous[i].sa_flags & SA_SIGINFO);
        if (installed[i]) sigaction(handled[i], &handler, NULL);
    }
    struct termios hidden = saved;
    hidden.c_lflag &= ~(tcflag_t)ECHO;
    hidden.c_lflag |= ECHONL;
    // TCSANOW, not TCSAFLUSH: what was typed (or pasted) ahead of the prompt stays to be read.
    tcsetattr(fd, TCSANOW, &hidden);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return 0;
}

void flarelog_echo_restore(void) {
    if (terminal < 0) return;
    sigset_t old;
    block_handled(&old);
    tcsetattr(terminal, TCSANOW, &saved);
    for (int i = 0; i < handled_count; i++) {
        if (installed[i]) sigaction(handled[i], &previous[i], NULL);
        installed[i] = 0;
    }
    terminal = -1;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}
