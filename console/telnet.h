/* telnet.h - placeholder (the CNSLPORT listener). */
#ifndef S370_TELNET_H
#define S370_TELNET_H
#endif
