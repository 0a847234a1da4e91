/* awstape.h - placeholder (AWS/HET tape image files). */
#ifndef S370_AWSTAPE_H
#define S370_AWSTAPE_H
#endif
