/* dasd.h - placeholder (CKD geometry and image files). */
#ifndef S370_DASD_H
#define S370_DASD_H
#endif
