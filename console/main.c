/* main.c - placeholder. */
#include <stdio.h>
int main(void) { puts("s370"); return 0; }
