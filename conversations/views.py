from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conversations import selectors, services
from conversations.forms import EditForm, EmailPreferenceForm, MessageForm, ReportForm, StartForm
from core.views import form_status, paginate, run_form, run_service
from files.responses import download_response, preview_response
from marketplace import selectors as marketplace_selectors


def _conversation(request, pk):
    found = selectors.conversation_for(pk=pk, user=request.user)
    if found is None:
        raise Http404(_("No such conversation."))
    return found


@login_required
def conversation_list(request):
    return render(
        request,
        "conversations/list.html",
        {"page": paginate(request, selectors.conversations_for(user=request.user))},
    )


@login_required
def job_conversations(request, pk):
    """A job's conversations: the buyer's list and first message to a provider, or a
    provider's own conversation about the job (a question, before it exists)."""
    job = marketplace_selectors.job_for_page(pk=pk, user=request.user)
    if job is None:
        raise Http404(_("No such job."))
    is_buyer = job.buyer_id == request.user.pk
    conversations = list(selectors.conversations_for(user=request.user, job=job))
    if not is_buyer and conversations:
        return redirect(conversations[0])
    organizations = selectors.organizations_to_write_to(job=job) if is_buyer else None
    form = StartForm(request.POST or None, request.FILES or None, organizations=organizations)

    def start(text, files, organization=None):
        return services.conversation_start(
            job=job, by=request.user, text=text, organization=organization, uploads=files
        )

    if started := run_form(request, form, start, success=_("Your message is sent.")):
        return redirect(started.result)
    return render(
        request,
        "conversations/job.html",
        {"job": job, "conversations": conversations, "form": form, "is_buyer": is_buyer},
        status=form_status(form),
    )


def _thread_context(request, conversation, side, form=None):
    page = selectors.thread_page(
        conversation=conversation,
        page=request.GET.get("page"),
        size=settings.CONVERSATIONS_PAGE_SIZE,
    )
    reason = selectors.closed_reason(conversation=conversation)
    return {
        "conversation": conversation,
        "job": conversation.job,
        "side": side,
        "page": page,
        "closed_reason": reason,
        "form": None if reason or side == selectors.STAFF else form or MessageForm(),
        "editable_since": timezone.now() - settings.CONVERSATIONS_EDIT_WINDOW,
        # Image previews are shown only for the file the viewer asked to see (?preview=id).
        "preview_id": int(preview)
        if (preview := request.GET.get("preview", "")).isdigit()
        else None,
    }


@login_required
def conversation_detail(request, pk):
    """The thread, newest page first; shown means read. htmx asks for the thread alone."""
    conversation, side = _conversation(request, pk)
    form = MessageForm(request.POST, request.FILES) if request.method == "POST" else None
    if form is not None and run_form(
        request,
        form,
        lambda text, files: services.message_post(
            conversation=conversation, by=request.user, text=text, uploads=files
        ),
        success=_("Your message is sent."),
    ):
        return redirect(conversation)
    context = _thread_context(request, conversation, side, form)
    if context["page"].number == 1:
        services.conversation_mark_read(conversation=conversation, user=request.user)
    if request.headers.get("HX-Request") and request.method == "GET":
        return render(request, "conversations/_thread.html", context)
    return render(
        request,
        "conversations/detail.html",
        context,
        status=form_status(form),
    )


def _own_message(request, pk, message_pk):
    conversation, side = _conversation(request, pk)
    message = selectors.message_of(conversation=conversation, pk=message_pk)
    if message is None:
        raise Http404(_("No such message."))
    return conversation, side, message


@login_required
def message_edit(request, pk, message_pk):
    conversation, _side, message = _own_message(request, pk, message_pk)
    form = EditForm(request.POST or None, initial={"text": message.text})
    if run_form(
        request,
        form,
        lambda text: services.message_edit(message=message, by=request.user, text=text),
        success=_("Your message is changed; it shows as edited."),
    ):
        return redirect(conversation)
    return render(
        request,
        "conversations/message_form.html",
        {"conversation": conversation, "message": message, "form": form, "action": "edit"},
        status=form_status(form),
    )


@login_required
@require_POST
def message_withdraw(request, pk, message_pk):
    conversation, _side, message = _own_message(request, pk, message_pk)
    run_service(
        request,
        lambda: services.message_withdraw(message=message, by=request.user),
        success=_("Your message is withdrawn."),
    )
    return redirect(conversation)


@login_required
def message_report(request, pk, message_pk):
    conversation, _side, message = _own_message(request, pk, message_pk)
    form = ReportForm(request.POST or None)
    if run_form(
        request,
        form,
        lambda reason: services.message_report(message=message, by=request.user, reason=reason),
        success=_("Thank you. Fairbid's staff will look at this message."),
    ):
        return redirect(conversation)
    return render(
        request,
        "conversations/message_form.html",
        {"conversation": conversation, "message": message, "form": form, "action": "report"},
        status=form_status(form),
    )


def _attachment(request, pk, file_pk):
    conversation, side = _conversation(request, pk)
    stored_file = selectors.attachment_file(conversation=conversation, file_pk=file_pk, side=side)
    if stored_file is None:
        raise Http404(_("No such file."))
    return stored_file


@login_required
def attachment_download(request, pk, file_pk):
    return download_response(_attachment(request, pk, file_pk))


@login_required
def attachment_preview(request, pk, file_pk):
    return preview_response(_attachment(request, pk, file_pk))


@login_required
def email_settings(request):
    form = EmailPreferenceForm(
        request.POST or None, initial={"mode": selectors.email_mode_of(user=request.user)}
    )
    if run_form(
        request,
        form,
        lambda mode: services.email_preference_set(user=request.user, mode=mode),
        success=_("Your choice is saved."),
    ):
        return redirect("conversations:settings")
    return render(request, "conversations/settings.html", {"form": form}, status=form_status(form))
