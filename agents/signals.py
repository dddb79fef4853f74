"""New staff get a suggested persona at once when the team requires personas; they can rename it later."""
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from agents.models import Persona, StaffProfile


@receiver(post_save, sender=StaffProfile, dispatch_uid="agents.persona_for_new_staff")
def persona_for_new_staff(sender, instance: StaffProfile, created: bool, raw: bool = False, **kwargs) -> None:
    from agents.services import persona_assign, personas_required

    if not created or raw or not personas_required():
        return
    # After commit, so a caller that creates the profile and then its own persona in one transaction wins.
    def assign() -> None:
        if not Persona.objects.filter(staff_id=instance.pk).exists():
            persona_assign(staff=instance)

    transaction.on_commit(assign)
