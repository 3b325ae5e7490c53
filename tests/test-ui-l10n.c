/* test-ui-l10n.c — the main window in one language, as its speakers see it:
 * run once per catalog (tests/meson.build: ui-l10n-de, ui-l10n-ar, …) under
 * a real locale (LC_ALL, LANGUAGE), with the .mo files of this build. It
 * signs in against vidinfra-local and reads what the real widgets say: the
 * sidebar's page names, the members page's column titles and Invite button,
 * the invite dialog's title and buttons, against translations written down
 * here, so that a missing or stale catalog fails. Dates are in the locale's
 * format; Arabic mirrors the layout (the sidebar on the right, the Back
 * arrow pointing right); no label of the sidebar, the toolbar, the column
 * headers or the dialog's header bar is cut short.
 *
 * Screenshots of the members page (default size and 360 px) and the invite
 * dialog go to $G_TEST_BUILDDIR/screenshots/l10n-LANG-*.png; in English also
 * at 200 % text (GtkSettings:gtk-xft-dpi doubled), l10n-en-200pct-*.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "vd-invite-dialog.h"
#include "vd-member-editor.h"
#include "vd-members-page.h"
#include "vd-test-ui.h"
#include "vd-text-cell.h"
#include "vd-window.h"

enum { PAGE_MEMBERS, PAGE_INVITATIONS, PAGE_AUDIT, PAGE_API_KEYS, PAGE_ACCOUNT, N_PAGES };
enum { COLUMN_NAME, COLUMN_EMAIL, COLUMN_ROLE, COLUMN_PROJECTS, COLUMN_BILLING, COLUMN_API, COLUMN_JOINED, N_COLUMNS };

typedef struct
{
  const char *language;        /* VD_L10N_LANGUAGE, as in po/LINGUAS; "en" for the source */
  const char *locale;          /* what setlocale (LC_MESSAGES) must start with */
  gboolean    rtl;
  const char *pages[N_PAGES];
  const char *columns[N_COLUMNS];
  const char *invite_button;   /* "_Invite Member", mnemonic and all */
  const char *dialog_title;    /* "Invite Member" */
  const char *cancel;          /* "_Cancel" */
  const char *send;            /* "_Send Invite" */
  const char *role;            /* "Role" */
  const char *date_format;     /* what the locale's %x is, written out */
  GUnicodeScript date_script;  /* a script the date must show, or COMMON */
} Language;

static const Language languages[] = {
  { "en", "C", FALSE,
    { "Members", "Invitations", "Audit Log", "API Keys", "Account" },
    { "Name", "Email", "Role", "Projects", "Billing", "API", "Joined" },
    "_Invite Member", "Invite Member", "_Cancel", "_Send Invite", "Role",
    "%m/%d/%y", G_UNICODE_SCRIPT_COMMON },
  { "de", "de_DE", FALSE,
    { "Mitglieder", "Einladungen", "Prüfprotokoll", "API-Schlüssel", "Konto" },
    { "Name", "E-Mail", "Rolle", "Projekte", "Abrechnung", "API", "Beigetreten" },
    "Mitglied _einladen", "Mitglied einladen", "_Abbrechen", "Einladung _senden", "Rolle",
    "%d.%m.%Y", G_UNICODE_SCRIPT_COMMON },
  { "fr", "fr_FR", FALSE,
    { "Membres", "Invitations", "Journal d’audit", "Clés d’API", "Compte" },
    { "Nom", "Courriel", "Rôle", "Projets", "Facturation", "API", "Membre depuis" },
    "_Inviter un membre", "Inviter un membre", "_Annuler", "_Envoyer l’invitation", "Rôle",
    "%d/%m/%Y", G_UNICODE_SCRIPT_COMMON },
  { "es", "es_ES", FALSE,
    { "Miembros", "Invitaciones", "Registro de auditoría", "Claves de API", "Cuenta" },
    { "Nombre", "Correo electrónico", "Rol", "Proyectos", "Facturación", "API", "Fecha de alta" },
    "_Invitar a un miembro", "Invitar a un miembro", "_Cancelar", "_Enviar la invitación", "Rol",
    "%d/%m/%y", G_UNICODE_SCRIPT_COMMON },
  { "pt_BR", "pt_BR", FALSE,
    { "Membros", "Convites", "Registro de auditoria", "Chaves de API", "Conta" },
    { "Nome", "E-mail", "Função", "Projetos", "Faturamento", "API", "Data de entrada" },
    "_Convidar membro", "Convidar membro", "_Cancelar", "_Enviar convite", "Função",
    "%d/%m/%Y", G_UNICODE_SCRIPT_COMMON },
  { "bn", "bn_IN", FALSE,
    { "সদস্য", "আমন্ত্রণ", "অডিট লগ", "API কী", "অ্যাকাউন্ট" },
    { "নাম", "ইমেইল", "ভূমিকা", "প্রকল্প", "বিলিং", "API", "যোগদান" },
    "_সদস্য আমন্ত্রণ", "সদস্য আমন্ত্রণ করুন", "_বাতিল", "আমন্ত্রণ _পাঠান", "ভূমিকা",
    "%-d/%-m/%y", G_UNICODE_SCRIPT_COMMON },
  { "ar", "ar_EG", TRUE,
    { "الأعضاء", "الدعوات", "سجل التدقيق", "مفاتيح API", "الحساب" },
    { "الاسم", "البريد الإلكتروني", "الدور", "المشاريع", "الفوترة", "API", "تاريخ الانضمام" },
    "ا_دعُ عضوًا", "دعوة عضو", "أ_لغِ", "أ_رسل الدعوة", "الدور",
    /* Arabic month names */
    "%d %b, %Y", G_UNICODE_SCRIPT_ARABIC },
};

/* What the C locale shows: a date in the locale's format must differ */
#define C_DATE_FORMAT "%m/%d/%y"

static VdTestServer *demo;

/* Helpers */

static VdWindow *
signed_in_window (void)
{
  VdWindow *window = g_object_new (VD_TYPE_WINDOW, "server-url", demo->base_url, NULL);

  vd_test_ui_window_sign_in (window, VD_TEST_OWNER);
  g_assert_true (vd_window_show_page (window, "members"));
  vd_test_ui_settle (GTK_WIDGET (window));
  return window;
}

/* Depth first, the first visible widget under @root with the CSS class @name */
static GtkWidget *
find_by_css_class (GtkWidget  *root,
                   const char *name)
{
  if (!gtk_widget_get_visible (root))
    return NULL;
  if (gtk_widget_has_css_class (root, name))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_css_class (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
collect_labels (GtkWidget  *root,
                GHashTable *texts)
{
  if (!gtk_widget_get_mapped (root))
    return;
  if (GTK_IS_LABEL (root))
    g_hash_table_add (texts, (gpointer) gtk_label_get_text (GTK_LABEL (root)));
  if (VD_IS_TEXT_CELL (root))
    g_hash_table_add (texts, (gpointer) vd_text_cell_get_text (VD_TEXT_CELL (root)));

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

/* The cells of the members table's narrow columns (role, projects, billing,
 * API, joined: all but name and email, which may be of any length) that
 * are drawn show their text whole: the width each column asks for fits
 * the language's words and dates */
static void
assert_cells_whole (GtkWidget  *root,
                    const char *where,
                    guint      *n_seen)
{
  if (!gtk_widget_get_mapped (root))
    return;

  if (VD_IS_TEXT_CELL (root) && !g_str_equal (gtk_widget_get_name (root), "name-cell") &&
      !g_str_equal (gtk_widget_get_name (root), "email-cell"))
    {
      if (vd_text_cell_get_ellipsized (VD_TEXT_CELL (root)))
        g_error ("%s: the %s “%s” is cut short in %d px", where, gtk_widget_get_name (root),
                 vd_text_cell_get_text (VD_TEXT_CELL (root)), gtk_widget_get_width (root));
      (*n_seen)++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    assert_cells_whole (child, where, n_seen);
}

/* No mapped label under @root is ellipsized or narrower than its text:
 * what the words say can be read whole. Labels under @except (which may
 * be NULL: the rows of a list, whose names can be of any length) are not
 * looked at. */
static void
assert_labels_whole (GtkWidget  *root,
                     GtkWidget  *except,
                     const char *where)
{
  if (!gtk_widget_get_mapped (root) || root == except)
    return;

  if (GTK_IS_LABEL (root) && *gtk_label_get_text (GTK_LABEL (root)) != '\0')
    {
      PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (root));
      int text_width;

      pango_layout_get_pixel_size (layout, &text_width, NULL);
      if (pango_layout_is_ellipsized (layout) || text_width > gtk_widget_get_width (root) + 1)
        g_error ("%s: the label “%s” is cut short (%d px of text in %d px)", where,
                 gtk_label_get_text (GTK_LABEL (root)), text_width, gtk_widget_get_width (root));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    assert_labels_whole (child, except, where);
}

/* @widget lies wholly inside its window */
static void
assert_inside_window (GtkWidget  *widget,
                      const char *what)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  if (bounds.origin.x < 0 || bounds.origin.y < 0 ||
      bounds.origin.x + bounds.size.width > gtk_widget_get_width (window) + 0.5 ||
      bounds.origin.y + bounds.size.height > gtk_widget_get_height (window) + 0.5 ||
      bounds.size.width < 1 || bounds.size.height < 1)
    g_error ("%s is not wholly in its window: %g,%g %g×%g in %d×%d", what,
             bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
             gtk_widget_get_width (window), gtk_widget_get_height (window));
}

/* The mapped button under @root that activates @action */
static GtkWidget *
find_mapped_action (GtkWidget  *root,
                    const char *action)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_ACTIONABLE (root) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped_action (child, action);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
has_script (const char     *text,
            GUnicodeScript  script)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == script)
      return TRUE;

  return FALSE;
}

static const Language *
current_language (void)
{
  const char *name = g_getenv ("VD_L10N_LANGUAGE");

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (languages[i].language, name))
      return &languages[i];

  return NULL;
}

static gboolean
invite_dialog_shown (gpointer data)
{
  return vd_test_ui_find_toplevel (VD_TYPE_INVITE_DIALOG) != NULL;
}

static GtkWidget *
open_invite_dialog (GtkWidget      *members_page,
                    const Language *language)
{
  GtkWidget *button = vd_test_ui_get_by_label (members_page, language->invite_button);
  GtkWidget *dialog;

  g_assert_true (GTK_IS_BUTTON (button));
  vd_test_ui_activate (button);
  vd_test_ui_wait_until (invite_dialog_shown, NULL);
  dialog = vd_test_ui_find_toplevel (VD_TYPE_INVITE_DIALOG);
  vd_test_ui_settle (dialog);
  return dialog;
}

/* Tests */

/* The process runs in the language meson chose, with this build's catalogs */
static void
test_locale (gconstpointer data)
{
  const Language *language = data;
  const char *messages = setlocale (LC_MESSAGES, NULL);

  /* glibc ignores LANGUAGE under the C locale: without the locale
   * generated, every string would silently stay English */
  if (!g_str_has_prefix (messages, language->locale))
    g_error ("LC_MESSAGES is “%s”, not %s: is the locale generated? Run build-aux/install-deps",
             messages, language->locale);

  g_assert_cmpint (gtk_widget_get_default_direction (), ==, language->rtl ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
  /* The catalog is the build's, and it is there */
  g_assert_cmpstr (_("Members"), ==, language->pages[PAGE_MEMBERS]);
}

static void
test_window (gconstpointer data)
{
  const Language *language = data;
  VdWindow *window = signed_in_window ();
  GtkWidget *sidebar = find_by_css_class (GTK_WIDGET (window), "navigation-sidebar");
  GtkWidget *members_page = vd_test_ui_find_by_type (GTK_WIDGET (window), VD_TYPE_MEMBERS_PAGE);
  GtkWidget *column_view;
  GtkWidget *invite;
  GListModel *columns;
  g_autoptr(GHashTable) texts = g_hash_table_new (g_str_hash, g_str_equal);
  VdOrganizationStore *store = vd_window_get_store (window);
  GListModel *members = vd_organization_store_get_members (store);
  g_autofree char *members_shot = g_strdup_printf ("l10n-%s-members", language->language);
  g_autofree char *invite_shot = g_strdup_printf ("l10n-%s-invite", language->language);
  gboolean date_seen = FALSE;
  GtkWidget *dialog;
  GtkWidget *header;

  g_assert_nonnull (sidebar);
  g_assert_nonnull (members_page);

  /* The sidebar names the pages in the language */
  for (guint i = 0; i < N_PAGES; i++)
    {
      GtkWidget *label = vd_test_ui_find_by_label (sidebar, language->pages[i]);

      if (label == NULL)
        g_error ("The sidebar has no page “%s”", language->pages[i]);
      g_assert_true (GTK_IS_LABEL (label));
    }
  if (!g_str_equal (language->language, "en"))
    g_assert_null (vd_test_ui_find_by_label (sidebar, "Audit Log"));

  /* The members page's columns and its Invite button */
  column_view = vd_test_ui_find_by_type (members_page, GTK_TYPE_COLUMN_VIEW);
  g_assert_nonnull (column_view);
  columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (column_view));
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, N_COLUMNS);
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, language->columns[i]);
    }

  invite = vd_test_ui_get_by_label (members_page, language->invite_button);
  g_assert_true (GTK_IS_BUTTON (invite));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (invite)), ==, language->invite_button);
  if (!g_str_equal (language->language, "en"))
    g_assert_null (vd_test_ui_find_by_label (members_page, "Invite Member"));

  /* A joining date, as the locale writes dates, and not as the C locale
   * does: one whose day and month differ, so that their order shows */
  collect_labels (column_view, texts);
  for (guint i = 0; i < g_list_model_get_n_items (members) && !date_seen; i++)
    {
      g_autoptr(VdMember) member = g_list_model_get_item (members, i);
      GDateTime *joined = vd_member_get_joined_at (member);
      g_autoptr(GDateTime) local = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *c_form = NULL;

      if (joined == NULL)
        continue;
      local = g_date_time_to_local (joined);
      if (g_date_time_get_day_of_month (local) == g_date_time_get_month (local))
        continue;
      expected = g_date_time_format (local, language->date_format);
      c_form = g_date_time_format (local, C_DATE_FORMAT);
      if (!g_hash_table_contains (texts, expected))
        continue;

      g_test_message ("%s joined on %s", vd_member_get_email (member), expected);
      if (!g_str_equal (language->language, "en"))
        g_assert_cmpstr (expected, !=, c_form);
      if (language->date_script != G_UNICODE_SCRIPT_COMMON)
        g_assert_true (has_script (expected, language->date_script));
      date_seen = TRUE;
    }
  if (!date_seen)
    g_error ("No joining date of the members page is written “%s”", language->date_format);

  /* Right to left, the sidebar is on the right of the content */
  {
    graphene_rect_t sidebar_bounds, content_bounds;

    g_assert_true (gtk_widget_compute_bounds (sidebar, GTK_WIDGET (window), &sidebar_bounds));
    g_assert_true (gtk_widget_compute_bounds (column_view, GTK_WIDGET (window), &content_bounds));
    if (language->rtl)
      g_assert_cmpfloat (sidebar_bounds.origin.x, >=, content_bounds.origin.x + content_bounds.size.width);
    else
      g_assert_cmpfloat (sidebar_bounds.origin.x + sidebar_bounds.size.width, <=, content_bounds.origin.x);
    g_assert_cmpint (gtk_widget_get_direction (sidebar), ==, language->rtl ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
  }

  g_free (vd_test_ui_screenshot (GTK_WIDGET (window), members_shot));

  /* Nothing cut short: the sidebar, the toolbar and the column headers
   * (not the rows: names and emails are as long as they are) */
  assert_labels_whole (sidebar, NULL, "sidebar");
  {
    GtkWidget *list = vd_test_ui_find_by_type (column_view, GTK_TYPE_LIST_VIEW);

    assert_labels_whole (members_page, list != NULL ? list : gtk_widget_get_last_child (column_view),
                         "members page");
  }
  {
    guint n_cells = 0;

    assert_cells_whole (column_view, "members table", &n_cells);
    g_assert_cmpuint (n_cells, >, 0);
  }

  /* The invite dialog, from the button */
  dialog = open_invite_dialog (members_page, language);
  g_free (vd_test_ui_screenshot (dialog, invite_shot));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, language->dialog_title);
  header = vd_test_ui_find_by_type (dialog, ADW_TYPE_HEADER_BAR);
  g_assert_nonnull (vd_test_ui_find_by_label (header, language->dialog_title));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (vd_test_ui_get_by_label (header, language->cancel))), ==,
                   language->cancel);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (vd_test_ui_get_by_label (header, language->send))), ==,
                   language->send);
  assert_labels_whole (vd_test_ui_get_by_label (dialog, language->role), NULL, "role");
  if (!g_str_equal (language->language, "en"))
    g_assert_null (vd_test_ui_find_by_label (dialog, "Cancel"));
  assert_labels_whole (header, NULL, "invite dialog");
  assert_inside_window (vd_test_ui_get_by_label (header, language->send), "Send");
  assert_inside_window (vd_test_ui_get_by_label (header, language->cancel), "Cancel");

  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Narrow, the content has a Back button: its arrow points to where the
   * sidebar went, the icon theme's -rtl variant right to left */
  {
    g_autofree char *narrow_shot = g_strdup_printf ("l10n-%s-narrow", language->language);
    GtkWidget *back;
    GtkWidget *image;
    g_autoptr(GtkIconPaintable) icon = NULL;
    g_autoptr(GFile) file = NULL;
    g_autofree char *basename = NULL;

    vd_test_ui_set_width (GTK_WIDGET (window), 360);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "members");
    vd_test_ui_settle (GTK_WIDGET (window));
    g_free (vd_test_ui_screenshot (GTK_WIDGET (window), narrow_shot));

    /* The members table, too narrow for all its columns, opens on its
     * first ones: at the right end when right to left */
    {
      GtkWidget *view = vd_test_ui_find_by_type (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW);
      GtkAdjustment *h = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view));
      double start = gtk_widget_get_direction (view) == GTK_TEXT_DIR_RTL
        ? gtk_adjustment_get_upper (h) - gtk_adjustment_get_page_size (h) : 0;

      g_assert_cmpfloat (gtk_adjustment_get_page_size (h), <, gtk_adjustment_get_upper (h));
      g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (h), start, 1);
    }

    back = find_mapped_action (GTK_WIDGET (window), "win.back");
    g_assert_nonnull (back);
    image = vd_test_ui_find_by_type (back, GTK_TYPE_IMAGE);
    g_assert_nonnull (image);
    g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (image)), ==, "go-previous-symbolic");
    g_assert_cmpint (gtk_widget_get_direction (image), ==, language->rtl ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
    icon = gtk_icon_theme_lookup_icon (gtk_icon_theme_get_for_display (gtk_widget_get_display (image)),
                                       "go-previous-symbolic", NULL, 16, 1, gtk_widget_get_direction (image), 0);
    file = gtk_icon_paintable_get_file (icon);
    g_assert_nonnull (file);
    basename = g_file_get_basename (file);
    if (language->rtl)
      g_assert_nonnull (strstr (basename, "-rtl"));
    else
      g_assert_null (strstr (basename, "-rtl"));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* English with text at 200 %: what matters is still there and usable */
static void
test_large_text (gconstpointer data)
{
  const Language *language = data;
  GtkSettings *settings = gtk_settings_get_default ();
  int dpi = 0;
  VdWindow *window;
  GtkWidget *members_page;
  GtkWidget *dialog;
  GtkWidget *header;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", 2 * 96 * 1024, NULL);

  window = signed_in_window ();
  members_page = vd_test_ui_find_by_type (GTK_WIDGET (window), VD_TYPE_MEMBERS_PAGE);
  g_free (vd_test_ui_screenshot (GTK_WIDGET (window), "l10n-en-200pct-members"));
  assert_inside_window (vd_test_ui_get_by_label (members_page, language->invite_button), "Invite");

  dialog = open_invite_dialog (members_page, language);
  /* The picture first: when an assertion fails, it shows why */
  g_free (vd_test_ui_screenshot (dialog, "l10n-en-200pct-invite"));
  header = vd_test_ui_find_by_type (dialog, ADW_TYPE_HEADER_BAR);
  assert_inside_window (vd_test_ui_get_by_label (header, language->send), "Send");
  assert_inside_window (vd_test_ui_get_by_label (header, language->cancel), "Cancel");
  /* The title may shorten, as titles do; the buttons and the role may not */
  assert_labels_whole (vd_test_ui_get_by_label (header, language->send), NULL, "Send at 200 %");
  assert_labels_whole (vd_test_ui_get_by_label (header, language->cancel), NULL, "Cancel at 200 %");
  assert_labels_whole (vd_test_ui_get_by_label (dialog, language->role), NULL, "role at 200 %");

  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The member editor of a member (project rights and all): its buttons
   * and the role whole */
  {
    VdOrganizationStore *store = vd_window_get_store (window);
    GListModel *members = vd_organization_store_get_members (store);
    g_autoptr(VdMember) member = NULL;

    for (guint i = 0; member == NULL && i < g_list_model_get_n_items (members); i++)
      {
        g_autoptr(VdMember) candidate = g_list_model_get_item (members, i);

        if (vd_member_get_role (candidate) == VD_ROLE_MEMBER)
          member = g_steal_pointer (&candidate);
      }
    g_assert_nonnull (member);

    dialog = GTK_WIDGET (vd_member_editor_new (GTK_WINDOW (window), store, member));
    gtk_window_present (GTK_WINDOW (dialog));
    vd_test_ui_settle (dialog);
    g_free (vd_test_ui_screenshot (dialog, "l10n-en-200pct-member-editor"));
    header = vd_test_ui_find_by_type (dialog, ADW_TYPE_HEADER_BAR);
    assert_labels_whole (vd_test_ui_get_by_label (header, "Save"), NULL, "Save at 200 %");
    assert_labels_whole (vd_test_ui_get_by_label (header, "Revert"), NULL, "Revert at 200 %");
    assert_inside_window (vd_test_ui_get_by_label (header, "Save"), "Save");
    assert_labels_whole (vd_test_ui_get_by_label (dialog, "Role"), NULL, "member editor role at 200 %");
    assert_labels_whole (vd_test_ui_get_by_label (dialog, "Remove Member"), NULL, "Remove Member at 200 %");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
}

static void
test_no_language (void)
{
  g_error ("VD_L10N_LANGUAGE names no language of this test: run it through meson (ui-l10n-*)");
}

int
main (int   argc,
      char *argv[])
{
  const Language *language;

  /* Before GTK, which only warns (fatally here) when the locale is missing */
  if (setlocale (LC_ALL, "") == NULL)
    g_error ("The locale %s is not installed: run build-aux/install-deps", g_getenv ("LC_ALL"));

  demo = vd_test_ui_init (&argc, &argv);

  /* The app binds LOCALEDIR, where nothing is installed yet: this build's
   * catalogs (po/<lang>/LC_MESSAGES/ of the build directory) instead */
  if (g_getenv ("VD_TEST_LOCALEDIR") != NULL)
    bindtextdomain (GETTEXT_PACKAGE, g_getenv ("VD_TEST_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  language = current_language ();
  if (language == NULL)
    {
      g_test_add_func ("/vd/ui-l10n/language", test_no_language);
      return vd_test_ui_run (demo);
    }

  {
    g_autofree char *locale_path = g_strdup_printf ("/vd/ui-l10n/%s/locale", language->language);
    g_autofree char *window_path = g_strdup_printf ("/vd/ui-l10n/%s/window", language->language);

    g_test_add_data_func (locale_path, language, test_locale);
    g_test_add_data_func (window_path, language, test_window);
    if (g_str_equal (language->language, "en"))
      g_test_add_data_func ("/vd/ui-l10n/en/text-200", language, test_large_text);
  }

  return vd_test_ui_run (demo);
}
