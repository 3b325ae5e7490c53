/* vd-api-error.c — every way a Vidinfra request can fail, for people and for code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-api-error"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vd-api-error.h"
#include "vd-json.h"

typedef struct
{
  char  *field;
  char  *code;
} FieldError;

typedef struct
{
  guint      status;
  char      *code;
  guint      retry_after;
  GArray    *fields;   /* FieldError */
} VdApiErrorPrivate;

static void
field_error_clear (FieldError *field)
{
  g_free (field->field);
  g_free (field->code);
}

static void
vd_api_error_private_init (VdApiErrorPrivate *priv)
{
  priv->fields = g_array_new (FALSE, TRUE, sizeof (FieldError));
  g_array_set_clear_func (priv->fields, (GDestroyNotify) field_error_clear);
}

static void
vd_api_error_private_copy (const VdApiErrorPrivate *src,
                           VdApiErrorPrivate       *dest)
{
  dest->status = src->status;
  dest->code = g_strdup (src->code);
  dest->retry_after = src->retry_after;
  for (guint i = 0; i < src->fields->len; i++)
    {
      const FieldError *from = &g_array_index (src->fields, FieldError, i);
      FieldError to = { g_strdup (from->field), g_strdup (from->code) };

      g_array_append_val (dest->fields, to);
    }
}

static void
vd_api_error_private_clear (VdApiErrorPrivate *priv)
{
  g_clear_pointer (&priv->code, g_free);
  g_clear_pointer (&priv->fields, g_array_unref);
}

G_DEFINE_EXTENDED_ERROR (VdApiError, vd_api_error)

guint
vd_api_error_get_status (const GError *error)
{
  g_return_val_if_fail (error != NULL && error->domain == VD_API_ERROR, 0);

  return vd_api_error_get_private (error)->status;
}

const char *
vd_api_error_get_code (const GError *error)
{
  g_return_val_if_fail (error != NULL && error->domain == VD_API_ERROR, NULL);

  return vd_api_error_get_private (error)->code;
}

guint
vd_api_error_get_retry_after (const GError *error)
{
  g_return_val_if_fail (error != NULL && error->domain == VD_API_ERROR, 0);

  return vd_api_error_get_private (error)->retry_after;
}

guint
vd_api_error_get_n_fields (const GError *error)
{
  g_return_val_if_fail (error != NULL && error->domain == VD_API_ERROR, 0);

  return vd_api_error_get_private (error)->fields->len;
}

const char *
vd_api_error_get_field (const GError *error,
                        guint         i)
{
  VdApiErrorPrivate *priv;

  g_return_val_if_fail (error != NULL && error->domain == VD_API_ERROR, NULL);

  priv = vd_api_error_get_private (error);
  g_return_val_if_fail (i < priv->fields->len, NULL);

  return g_array_index (priv->fields, FieldError, i).field;
}

const char *
vd_api_error_get_field_code (const GError *error,
                             guint         i)
{
  VdApiErrorPrivate *priv;

  g_return_val_if_fail (error != NULL && error->domain == VD_API_ERROR, NULL);

  priv = vd_api_error_get_private (error);
  g_return_val_if_fail (i < priv->fields->len, NULL);

  return g_array_index (priv->fields, FieldError, i).code;
}

/* What to tell a person about one field, by the server's field code */
static const char *
describe_field (const char *code)
{
  static const struct { const char *code; const char *message; } messages[] = {
    { "required", N_("This is required.") },
    { "invalid_type", N_("This value has the wrong form.") },
    { "too_short", N_("This is too short.") },
    { "too_long", N_("This is too long.") },
    { "invalid", N_("This is not valid.") },
    { "weak_password", N_("Use 8 to 100 characters with a lower-case letter, an upper-case letter, a digit and a symbol.") },
    { "taken", N_("An account with this email address exists already.") },
    { "incorrect", N_("This is not correct.") },
    { "unknown_field", N_("The server does not know one of these settings.") },
    { "unknown_entity", N_("A project or folder here no longer exists.") },
    { "unknown_filter", N_("The list cannot be filtered that way.") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    if (g_strcmp0 (code, messages[i].code) == 0)
      return _(messages[i].message);

  return _("This is not valid.");
}

const char *
vd_api_error_lookup_field (const GError *error,
                           const char   *field)
{
  VdApiErrorPrivate *priv;

  g_return_val_if_fail (error != NULL && error->domain == VD_API_ERROR, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  priv = vd_api_error_get_private (error);
  for (guint i = 0; i < priv->fields->len; i++)
    {
      const FieldError *f = &g_array_index (priv->fields, FieldError, i);

      if (g_strcmp0 (f->field, field) == 0)
        return describe_field (f->code);
    }

  return NULL;
}

const char *
vd_api_error_describe (VdApiError  code,
                       const char *server_code)
{
  /* The server's machine code refines the sentence where it says more */
  static const struct { const char *code; const char *message; } specific[] = {
    { "invalid_credentials", N_("Wrong email address or password. Check both and try again.") },
    { "token_expired", N_("Your session has expired. Sign in again.") },
    { "invalid_token", N_("You have been signed out. Sign in again.") },
    { "email_not_verified", N_("Confirm your email address first, with the code we sent you.") },
    { "invitation_email_mismatch", N_("This invitation was sent to another email address.") },
    { "already_member", N_("This person is already a member of the organization.") },
    { "invitation_pending", N_("An invitation to this address is already waiting for an answer.") },
    { "no_current_organization", N_("Choose an organization first.") },
    { "last_owner", N_("An organization needs an owner. Make someone else an owner first.") },
    { "invitation_expired", N_("This invitation has expired. Ask for a new one.") },
    { "otp_expired", N_("This code has expired. Ask for a new one.") },
    { "payload_too_large", N_("This is too much to send at once.") },
  };

  for (guint i = 0; server_code != NULL && i < G_N_ELEMENTS (specific); i++)
    if (g_str_equal (server_code, specific[i].code))
      return _(specific[i].message);

  switch (code)
    {
    case VD_API_ERROR_NETWORK:
      return _("The server cannot be reached. Check your connection.");
    case VD_API_ERROR_TLS:
      return _("The server’s identity cannot be verified, so the connection was refused.");
    case VD_API_ERROR_TIMEOUT:
      return _("The server took too long to answer.");
    case VD_API_ERROR_UNAUTHORIZED:
      return _("You need to sign in again.");
    case VD_API_ERROR_FORBIDDEN:
      return _("Your role in this organization does not allow this.");
    case VD_API_ERROR_NOT_FOUND:
      return _("This no longer exists, or you no longer have access to it.");
    case VD_API_ERROR_CONFLICT:
      return _("This cannot be done in the current state; reload and try again.");
    case VD_API_ERROR_GONE:
      return _("This has expired.");
    case VD_API_ERROR_VALIDATION:
      return _("Some of the values are not valid.");
    case VD_API_ERROR_RATE_LIMITED:
      return _("Too many attempts. Wait a little, then try again.");
    case VD_API_ERROR_SERVER:
      return _("The server ran into a problem. Try again later.");
    case VD_API_ERROR_PROTOCOL:
      return _("The server sent an answer this app does not understand.");
    case VD_API_ERROR_BAD_REQUEST:
      return _("The server refused the request.");
    default:
      return _("Something went wrong.");
    }
}

static VdApiError
code_for_status (guint status)
{
  switch (status)
    {
    case 400: case 405: case 413: return VD_API_ERROR_BAD_REQUEST;
    case 401: case 407: return VD_API_ERROR_UNAUTHORIZED;
    case 403: return VD_API_ERROR_FORBIDDEN;
    case 404: return VD_API_ERROR_NOT_FOUND;
    case 408: case 504: return VD_API_ERROR_TIMEOUT;
    case 409: return VD_API_ERROR_CONFLICT;
    case 410: return VD_API_ERROR_GONE;
    case 422: return VD_API_ERROR_VALIDATION;
    case 429: return VD_API_ERROR_RATE_LIMITED;
    default:
      if (status >= 500 && status < 600)
        return VD_API_ERROR_SERVER;
      if (status >= 400 && status < 500)
        return VD_API_ERROR_BAD_REQUEST;
      return VD_API_ERROR_PROTOCOL;
    }
}

/* Short, printable machine codes only: anything else is ignored */
static gboolean
plausible_code (const char *code)
{
  gsize length = code ? strlen (code) : 0;

  if (length == 0 || length > 64)
    return FALSE;

  for (const char *p = code; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.' && *p != '[' && *p != ']')
      return FALSE;

  return TRUE;
}

GError *
vd_api_error_new_from_response (guint               status,
                                SoupMessageHeaders *headers,
                                GBytes             *body)
{
  VdApiError code = code_for_status (status);
  g_autoptr(JsonNode) root = NULL;
  VdApiErrorPrivate *priv;
  const char *server_code = NULL;
  const char *retry_after;
  JsonObject *object = NULL;
  GError *error;

  if (body != NULL && g_bytes_get_size (body) > 0 && g_bytes_get_size (body) < 1024 * 1024)
    {
      gsize length;
      const char *data = g_bytes_get_data (body, &length);

      if (g_utf8_validate (data, length, NULL) && vd_json_check_depth (data, length, 64))
        {
          g_autoptr(JsonParser) parser = json_parser_new_immutable ();

          if (json_parser_load_from_data (parser, data, length, NULL) && json_parser_get_root (parser))
            root = json_node_ref (json_parser_get_root (parser));
        }
    }

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *node;

      object = json_node_get_object (root);
      node = json_object_get_member (object, "code");
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          plausible_code (json_node_get_string (node)))
        server_code = json_node_get_string (node);
    }

  error = g_error_new_literal (VD_API_ERROR, code, vd_api_error_describe (code, server_code));
  priv = vd_api_error_get_private (error);
  priv->status = status;
  priv->code = g_strdup (server_code);

  retry_after = headers ? soup_message_headers_get_one (headers, "Retry-After") : NULL;
  if (retry_after != NULL)
    {
      guint64 seconds;

      if (g_ascii_string_to_unsigned (retry_after, 10, 0, 24 * 60 * 60, &seconds, NULL))
        priv->retry_after = (guint) seconds;
    }

  if (object != NULL)
    {
      JsonNode *errors = json_object_get_member (object, "errors");

      if (errors != NULL && JSON_NODE_HOLDS_ARRAY (errors))
        {
          JsonArray *array = json_node_get_array (errors);

          for (guint i = 0; i < json_array_get_length (array) && i < 100; i++)
            {
              JsonNode *item = json_array_get_element (array, i);
              JsonObject *item_object;
              JsonNode *field, *field_code;

              if (!JSON_NODE_HOLDS_OBJECT (item))
                continue;

              item_object = json_node_get_object (item);
              field = json_object_get_member (item_object, "field");
              field_code = json_object_get_member (item_object, "code");
              if (field != NULL && JSON_NODE_HOLDS_VALUE (field) &&
                  json_node_get_value_type (field) == G_TYPE_STRING &&
                  strlen (json_node_get_string (field)) < 256)
                {
                  FieldError f = { g_strdup (json_node_get_string (field)), NULL };

                  if (field_code != NULL && JSON_NODE_HOLDS_VALUE (field_code) &&
                      json_node_get_value_type (field_code) == G_TYPE_STRING &&
                      plausible_code (json_node_get_string (field_code)))
                    f.code = g_strdup (json_node_get_string (field_code));
                  g_array_append_val (priv->fields, f);
                }
            }
        }
    }

  return error;
}

GError *
vd_api_error_new_from_transport (const GError *error)
{
  VdApiError code = VD_API_ERROR_NETWORK;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == VD_API_ERROR)
    return g_error_copy (error);

  if (error->domain == G_TLS_ERROR)
    code = VD_API_ERROR_TLS;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    code = VD_API_ERROR_TIMEOUT;
  else if (error->domain == SOUP_SESSION_ERROR)
    code = VD_API_ERROR_PROTOCOL;

  return g_error_new_literal (VD_API_ERROR, code, vd_api_error_describe (code, NULL));
}

GError *
vd_api_error_new_protocol (const char *detail)
{
  if (detail != NULL)
    g_debug ("Protocol error: %s", detail);

  return g_error_new_literal (VD_API_ERROR, VD_API_ERROR_PROTOCOL,
                              vd_api_error_describe (VD_API_ERROR_PROTOCOL, NULL));
}
