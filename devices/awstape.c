/* awstape.c - placeholder (AWS/HET tape image files). */
#include "devices/awstape.h"
