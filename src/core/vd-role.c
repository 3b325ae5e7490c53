/* vd-role.c — a person's role in an organization
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vd-role"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vd-role.h"

G_DEFINE_ENUM_TYPE (VdRole, vd_role,
  G_DEFINE_ENUM_VALUE (VD_ROLE_OWNER, "owner"),
  G_DEFINE_ENUM_VALUE (VD_ROLE_ADMIN, "admin"),
  G_DEFINE_ENUM_VALUE (VD_ROLE_MEMBER, "member"),
  G_DEFINE_ENUM_VALUE (VD_ROLE_UNKNOWN, "unknown"))

static const char * const role_names[] = {
  [VD_ROLE_OWNER] = "owner",
  [VD_ROLE_ADMIN] = "admin",
  [VD_ROLE_MEMBER] = "member",
};

VdRole
vd_role_from_string (const char *text)
{
  if (text == NULL)
    return VD_ROLE_UNKNOWN;

  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_str_equal (text, role_names[i]))
      return (VdRole) i;

  return VD_ROLE_UNKNOWN;
}

const char *
vd_role_to_string (VdRole role)
{
  if ((guint) role < G_N_ELEMENTS (role_names))
    return role_names[role];

  return NULL;
}

gboolean
vd_role_manages (VdRole role)
{
  return role == VD_ROLE_OWNER || role == VD_ROLE_ADMIN;
}

const char *
vd_role_get_label (VdRole role)
{
  switch (role)
    {
    case VD_ROLE_OWNER:
      return C_("role", "Owner");

    case VD_ROLE_ADMIN:
      return C_("role", "Admin");

    case VD_ROLE_MEMBER:
      return C_("role", "Member");

    case VD_ROLE_UNKNOWN:
    default:
      return C_("role", "Unknown");
    }
}

const char *
vd_role_get_label_for_name (const char *name)
{
  VdRole role = vd_role_from_string (name);

  if (role == VD_ROLE_UNKNOWN && name != NULL && *name != '\0')
    return name;

  return vd_role_get_label (role);
}
