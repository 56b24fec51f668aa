"""Editorial roles are groups (Writer, Editor, Administrator; migration 0002). Putting a
user in one is all it takes to give her the admin:

- staff status follows the role: joining a role group makes her staff (the admin's
  login asks for it), leaving her last one takes it away again (superusers keep it);
- a Writer or an Editor writes under her own author profile, linked when an author of
  her name exists without a login, created otherwise. The article form puts it in the
  byline of her new articles (``articles.admin.article``).

Both follow the group membership however it changes (the user form, the group's
users, a script), through ``m2m_changed`` on ``User.groups``.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from articles import editions
from articles.models import Article, Author
from articles.text_policy import name_key

ROLE_GROUPS = ("Writer", "Editor", "Administrator")
# Roles whose members sign articles.
BYLINE_ROLES = ("Writer", "Editor")

User = get_user_model()


def roles_of(user):
    """The role groups ``user`` belongs to, as a set of names."""
    return set(user.groups.filter(name__in=ROLE_GROUPS).values_list("name", flat=True))


def sync_user(user, left_a_role=False):
    """Bring ``user``'s staff status and author profile in line with her roles: staff
    when she has a role; not staff when ``left_a_role`` left her none (a user given staff
    status by hand, without a role, keeps it); an author profile for a Writer or Editor."""
    roles = roles_of(user)
    staff = True if roles or user.is_superuser else (user.is_staff and not left_a_role)
    if staff != user.is_staff:
        user.is_staff = staff
        User.objects.filter(pk=user.pk).update(is_staff=staff)
    if roles & set(BYLINE_ROLES):
        author_for(user)


def author_for(user):
    """``user``'s author profile: hers if linked, else the author of her name (full name,
    else username; ignoring case) that has no login yet, else a new one. A name already
    taken by someone else's profile gets the username in brackets."""
    linked = Author.objects.filter(user=user).first()
    if linked:
        return linked
    name = user.get_full_name().strip() or user.get_username()
    same_name = Author.objects.filter(name_key=name_key(name)).first()
    if same_name is not None and same_name.user_id is None and not same_name.is_organisation:
        same_name.user = user
        same_name.save(update_fields=["user"])
        return same_name
    if same_name is not None:
        name = f"{name} ({user.get_username()})"
    return Author.objects.create(name=name, user=user, email=user.email)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="roles_follow_groups")
def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and not reverse:
        # After the clear there is no telling which groups she was in.
        instance._had_role = bool(roles_of(instance))
        return
    if action == "pre_clear" and reverse:
        instance._role_members = list(instance.user_set.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    removed = action != "post_add"
    if not reverse:
        if action == "post_clear":
            left = getattr(instance, "_had_role", False)
        else:
            left = removed and Group.objects.filter(pk__in=pk_set, name__in=ROLE_GROUPS).exists()
        sync_user(instance, left_a_role=left)
        return
    if instance.name not in ROLE_GROUPS:
        return
    user_ids = getattr(instance, "_role_members", []) if action == "post_clear" else pk_set
    for user in User.objects.filter(pk__in=user_ids):
        sync_user(user, left_a_role=removed)


def ensure_edition_permissions(using="default", **kwargs):
    """post_migrate: each configured edition's permission exists ("articles.edition_ar",
    on the Article content type; ``articles.editions.user_editions`` reads them), so an
    edition added to settings needs no migration."""
    article_type = ContentType.objects.db_manager(using).get_for_model(Article)
    for edition in editions.all_editions():
        Permission.objects.db_manager(using).get_or_create(
            content_type=article_type,
            codename=editions.permission_codename(edition.code),
            defaults={"name": f"Works in the {edition.name} edition"},
        )
