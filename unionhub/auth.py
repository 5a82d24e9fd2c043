"""The password backend: Django's ModelBackend, loading the user's member record with the user.

Every page reads `user.member` (menus, "mine" querysets); fetching it in the same query as the
user saves one query on every request.
"""

from django.contrib.auth.backends import ModelBackend

from unionhub.models import User


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        user = User._default_manager.select_related("member").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
