from celery import shared_task
from django.utils import timezone

from members import services


@shared_task
def step_away_return_prompts_task() -> int:
    """Asks each person whose planned return date has come whether they want to come back."""
    prompts = services.step_away_due_prompts(today=timezone.localdate())
    for step_away in prompts:
        services.step_away_return_prompt_send(step_away=step_away)
    return len(prompts)
