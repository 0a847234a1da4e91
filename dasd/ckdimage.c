/* ckdimage.c - placeholder (DASD issue). */
#include "dasd/dasd.h"
