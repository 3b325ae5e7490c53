/* vd-window.c — the main window
 *
 * For now it checks that the server answers (GET /health) and says so; the
 * sign-in page and the members pages are built on VdClient and the models.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-window"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "vd-window.h"

struct _VdWindow
{
  AdwApplicationWindow  parent_instance;

  AdwStatusPage        *status_page;
  GtkSpinner           *spinner;
  GtkButton            *retry_button;

  SoupSession          *session;
  GCancellable         *cancellable;
  char                 *server_url;
};

G_DEFINE_FINAL_TYPE (VdWindow, vd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SERVER_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_state (VdWindow   *self,
            const char *icon_name,
            const char *title,
            const char *description,
            gboolean    busy,
            gboolean    failed)
{
  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), failed);
}

static void
health_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *description = NULL;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  const char *version = NULL;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (bytes != NULL && SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    {
      root = json_from_string (g_bytes_get_data (bytes, NULL) ? g_bytes_get_data (bytes, NULL) : "", NULL);
      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
        version = json_object_get_string_member_with_default (json_node_get_object (root), "version", NULL);
    }

  if (error != NULL || bytes == NULL)
    {
      description = g_strdup_printf (_("%s does not answer. Check the address and your connection, then try again."),
                                     self->server_url);
      show_state (self, "network-offline-symbolic", _("Server Unreachable"), description, FALSE, TRUE);
      return;
    }

  if (version != NULL)
    description = g_strdup_printf (_("Connected to %s, version %s."), self->server_url, version);
  else
    description = g_strdup_printf (_("Connected to %s."), self->server_url);
  show_state (self, "system-users-symbolic", _("Vidinfra Admin"), description, FALSE, FALSE);
}

static void
check_server (VdWindow *self)
{
  g_autofree char *url = g_strconcat (self->server_url, "/health", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (msg == NULL)
    {
      show_state (self, "dialog-error-symbolic", _("Invalid Server Address"), self->server_url, FALSE, TRUE);
      return;
    }

  show_state (self, "system-users-symbolic", _("Connecting…"), self->server_url, TRUE, FALSE);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, self->cancellable,
                                    health_read_cb, g_object_ref (self));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  check_server (VD_WINDOW (widget));
}

static void
vd_window_constructed (GObject *object)
{
  VdWindow *self = VD_WINDOW (object);

  G_OBJECT_CLASS (vd_window_parent_class)->constructed (object);

  check_server (self);
}

static void
vd_window_dispose (GObject *object)
{
  VdWindow *self = VD_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VD_TYPE_WINDOW);

  G_OBJECT_CLASS (vd_window_parent_class)->dispose (object);
}

static void
vd_window_finalize (GObject *object)
{
  VdWindow *self = VD_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->server_url, g_free);

  G_OBJECT_CLASS (vd_window_parent_class)->finalize (object);
}

static void
vd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  VdWindow *self = VD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  VdWindow *self = VD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_free (self->server_url);
      self->server_url = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_window_class_init (VdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vd_window_constructed;
  object_class->dispose = vd_window_dispose;
  object_class->finalize = vd_window_finalize;
  object_class->get_property = vd_window_get_property;
  object_class->set_property = vd_window_set_property;

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, DEFAULT_SERVER_URL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/vidinfra/Admin/ui/vd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VdWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, VdWindow, retry_button);

  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.retry", NULL);
}

static void
vd_window_init (VdWindow *self)
{
  g_autofree char *user_agent = g_strdup_printf ("VidinfraAdmin/%s ", PACKAGE_VERSION);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->session = soup_session_new_with_options ("user-agent", user_agent, "timeout", 30, NULL);

  if (g_str_has_suffix (APP_ID, ".Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

VdWindow *
vd_window_new (VdApplication *application,
               const char    *server_url)
{
  return g_object_new (VD_TYPE_WINDOW,
                       "application", application,
                       "server-url", server_url,
                       NULL);
}
