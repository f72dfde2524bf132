from django import template

from conversations import selectors, text

register = template.Library()


@register.filter
def message_html(value: str):
    """A message's text with line breaks and its http(s) links made clickable."""
    return text.message_html(value)


@register.inclusion_tag("conversations/_job_panel.html", takes_context=True)
def job_conversations(context, job):
    """The job page's conversations: the buyer sees all of the job's, each provider its own,
    with unread counts; the contract conversation first once the job is awarded."""
    user = context["request"].user
    if not user.is_authenticated:
        return {"show": False}
    conversations = list(selectors.conversations_for(user=user, job=job))
    awarded = job.awarded_bid.organization_id if job.awarded_bid_id else None
    conversations.sort(key=lambda conversation: conversation.organization_id != awarded)
    may_ask = selectors.may_ask(job=job, user=user)
    return {
        "show": bool(conversations) or job.buyer_id == user.pk or may_ask,
        "job": job,
        "conversations": conversations,
        "awarded": awarded,
    }
