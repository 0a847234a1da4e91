/* ccw.c - placeholder (channel issue). */
#include "channel/device.h"
