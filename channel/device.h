/* device.h - placeholder (channel issue). */
#ifndef S370_DEVICE_H
#define S370_DEVICE_H
#endif
