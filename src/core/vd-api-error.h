/* vd-api-error.h — every way a Vidinfra request can fail, for people and for code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/**
 * VdApiError:
 * The error domain of VdClient. error->message is always a translated sentence
 * a person can read, chosen by the code (and the server's machine code), never
 * the server's own text or an HTTP reason phrase.
 */
typedef enum
{
  VD_API_ERROR_NETWORK,        /* no connection, DNS, refused, reset */
  VD_API_ERROR_TLS,            /* certificate not trusted, handshake failed */
  VD_API_ERROR_TIMEOUT,        /* the server did not answer in time */
  VD_API_ERROR_UNAUTHORIZED,   /* 401: signed out, wrong password, token expired */
  VD_API_ERROR_FORBIDDEN,      /* 403 */
  VD_API_ERROR_NOT_FOUND,      /* 404 */
  VD_API_ERROR_CONFLICT,       /* 409 (see vd_api_error_get_code: last_owner, already_member …) */
  VD_API_ERROR_GONE,           /* 410: expired invitation or code */
  VD_API_ERROR_VALIDATION,     /* 422 with per-field errors */
  VD_API_ERROR_RATE_LIMITED,   /* 429 with Retry-After */
  VD_API_ERROR_SERVER,         /* 5xx */
  VD_API_ERROR_PROTOCOL,       /* a body that is not what the contract says */
  VD_API_ERROR_BAD_REQUEST,    /* 400, 405, 413: the request itself was refused */
} VdApiError;

#define VD_API_ERROR (vd_api_error_quark ())
GQuark       vd_api_error_quark               (void);

/* The HTTP status (0 for transport errors) */
guint        vd_api_error_get_status          (const GError *error);
/* The server's machine code ("last_owner", "token_expired", …) or NULL */
const char  *vd_api_error_get_code            (const GError *error);
/* Seconds to wait before trying again (rate limited), or 0 */
guint        vd_api_error_get_retry_after     (const GError *error);
/* Per-field errors of a validation error */
guint        vd_api_error_get_n_fields        (const GError *error);
const char  *vd_api_error_get_field           (const GError *error,
                                               guint         i);
const char  *vd_api_error_get_field_code      (const GError *error,
                                               guint         i);
/* A translated message for the field (by its code), or NULL if the field has no error */
const char  *vd_api_error_lookup_field        (const GError *error,
                                               const char   *field);

/* The one place HTTP answers become errors: status, headers and body of a
 * failed answer (body may be NULL, JSON, or anything else). */
GError      *vd_api_error_new_from_response   (guint               status,
                                               SoupMessageHeaders *headers,
                                               GBytes             *body);
/* A transport error (GIOError, GTlsError, GResolverError …) as a VdApiError */
GError      *vd_api_error_new_from_transport  (const GError       *error);
/* A protocol error: the body did not say what the contract says; detail is
 * for the log, never shown (the message is the translated generic one). */
GError      *vd_api_error_new_protocol        (const char         *detail);

/* The translated sentence for a code (and server code, may be NULL) */
const char  *vd_api_error_describe            (VdApiError          code,
                                               const char         *server_code);

G_END_DECLS
