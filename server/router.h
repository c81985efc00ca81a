/* router.h: the one libmicrohttpd request handler, which dispatches to the small handlers by route. */
#ifndef KILN_ROUTER_H
#define KILN_ROUTER_H

#include <microhttpd.h>

/* MHD_AccessHandlerCallback; CLS is the struct server. Allocates per-request state in *req_cls. */
enum MHD_Result router_handle(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
			      const char *version, const char *upload_data, size_t *upload_data_size, void **req_cls);
/* MHD_RequestCompletedCallback: frees the per-request state router_handle allocated. */
void router_completed(void *cls, struct MHD_Connection *conn, void **req_cls, enum MHD_RequestTerminationCode toe);

#endif
