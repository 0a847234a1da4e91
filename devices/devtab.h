/* devtab.h - placeholder (channel issue). */
#ifndef S370_DEVTAB_H
#define S370_DEVTAB_H
#endif
