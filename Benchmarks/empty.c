/* The start-up yardstick: a process that does nothing. Build: cc -O2 empty.c -o empty */
int main(void) { return 0; }
