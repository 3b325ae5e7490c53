/* vd-member-row.c — one row of the members list: a slot that shows a member
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vd-member-row.h"

struct _VdMemberRow
{
  GObject   parent_instance;

  VdMember *member;
  guint     position;
};

G_DEFINE_FINAL_TYPE (VdMemberRow, vd_member_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MEMBER,
  PROP_POSITION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vd_member_row_dispose (GObject *object)
{
  VdMemberRow *self = VD_MEMBER_ROW (object);

  g_clear_object (&self->member);

  G_OBJECT_CLASS (vd_member_row_parent_class)->dispose (object);
}

static void
vd_member_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VdMemberRow *self = VD_MEMBER_ROW (object);

  switch (prop_id)
    {
    case PROP_MEMBER:
      g_value_set_object (value, self->member);
      break;

    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vd_member_row_class_init (VdMemberRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vd_member_row_dispose;
  object_class->get_property = vd_member_row_get_property;

  properties[PROP_MEMBER] =
    g_param_spec_object ("member", NULL, NULL, VD_TYPE_MEMBER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vd_member_row_init (VdMemberRow *self)
{
}

VdMemberRow *
vd_member_row_new (guint     position,
                   VdMember *member)
{
  VdMemberRow *self;

  g_return_val_if_fail (member == NULL || VD_IS_MEMBER (member), NULL);

  self = g_object_new (VD_TYPE_MEMBER_ROW, NULL);
  self->position = position;
  g_set_object (&self->member, member);
  return self;
}

VdMember *
vd_member_row_get_member (VdMemberRow *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_ROW (self), NULL);

  return self->member;
}

guint
vd_member_row_get_position (VdMemberRow *self)
{
  g_return_val_if_fail (VD_IS_MEMBER_ROW (self), 0);

  return self->position;
}

void
vd_member_row_set_position (VdMemberRow *self,
                            guint        position)
{
  g_return_if_fail (VD_IS_MEMBER_ROW (self));

  if (self->position == position)
    return;

  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

void
vd_member_row_set_member (VdMemberRow *self,
                          VdMember    *member)
{
  g_return_if_fail (VD_IS_MEMBER_ROW (self));
  g_return_if_fail (member == NULL || VD_IS_MEMBER (member));

  if (g_set_object (&self->member, member))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER]);
}
