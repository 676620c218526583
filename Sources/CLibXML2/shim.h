#ifndef SIPGPO_CLIBXML2_SHIM_H
#define SIPGPO_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU; seeing ICU's types next to Foundation's makes `UErrorCode` ambiguous in any module
// that imports both (the test runner always does). sipgpo does not use libxml2's ICU encodings.
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>

// `xmlFree` is a global function pointer, which Swift 6 rejects as shared mutable state; call it through this.
static inline void sipgpo_xmlFree(void *pointer) { xmlFree(pointer); }

#endif
