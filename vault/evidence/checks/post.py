"""Letters: contents, copies, answers, complaints and the AGS follow-up
(DOMAIN.md §C.3 COR-04, COR-06, COR-07, COR-08; §C.4 AGS-04, AGS-05, AGS-06)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from vault.evidence import dates
from vault.evidence.checks.context import Context
from vault.evidence.checks.text import en, ru
from vault.evidence.gap import Gap
from vault.evidence.snapshot import Letter

_REQUIRED = {"autobiography": ("автобиография", "autobiography"),
             "reference": ("характеристика с места работы или учёбы", "character reference (work or study)")}


def cor04(ctx: Context) -> Iterator[Gap]:
    """Reading: a list of contents (ф. 107) counts when attached to the letter, or when one
    is stored with the letter's posting date (the post office stamps it that day)."""
    lists = {d.issued for d in ctx.snapshot.documents if d.kind == "contents_list" and d.issued}
    for letter in ctx.snapshot.letters:
        if not letter.valued:
            continue
        contents = ctx.doc(letter.contents_document_id)
        if (contents is not None and contents.kind == "contents_list") or letter.sent in lists:
            continue
        yield Gap(
            "COR-04",
            "medium",
            f"Ценное письмо от {ru(letter.sent)}: нет описи вложения (ф. 107) со штампом почты.",
            f"Valued letter of {en(letter.sent)}: no stamped list of contents (form 107) is stored.",
            "Сохраните второй экземпляр описи и сверьте его с текстом и вложениями письма.",
            "Store your copy of the list and check it against the letter and its enclosures.",
            "[P:coonwood]",
            letter_ids=(letter.id,),
        )


def cor06(ctx: Context) -> Iterator[Gap]:
    # The typed text is kept with the letter's date inside the vault too; only a
    # letter with neither a stored copy nor its text proves nothing about contents.
    bare = [x for x in ctx.snapshot.letters if ctx.doc(x.document_id) is None and not x.text.strip()]
    if bare:
        yield Gap(
            "COR-06",
            "low",
            "Не сохранены ни копия, ни текст отправленного письма (доказательство содержания).",
            "Neither a copy nor the text of a sent letter is stored (proof of what was sent).",
            "Добавьте копию письма и вложений в хранилище и привяжите её к письму.",
            "Add a copy of the letter and its enclosures and attach it to the letter.",
            "[product rule]",
            letter_ids=tuple(sorted(x.id for x in bare)),
        )


def cor07(ctx: Context) -> Iterator[Gap]:
    """Answered: a recorded answer date, or a reply from the office (kind ``office_reply``)
    dated on or after the delivery."""
    days = ctx.rules.periods.letter_answer_days
    replies = [d.issued for d in ctx.snapshot.documents if d.kind == "office_reply" and d.issued]
    late = [
        x for x in ctx.snapshot.letters
        if x.delivered is not None and x.answered is None and ctx.today > x.delivered + timedelta(days=days)
        and not any(r >= x.delivered for r in replies)
    ]
    if late:
        yield Gap(
            "COR-07",
            "low",
            f"Нет ответа дольше {days} дней после вручения.",
            f"No answer more than {days} days after delivery.",
            "Направьте повторное обращение или жалобу (срок ответа по 59-ФЗ — 30 дней).",
            "Send a reminder or a complaint (59-FZ answer term: 30 days).",
            ctx.rules.periods.sources.get("letters", "[mem]"),
            letter_ids=tuple(sorted(x.id for x in late)),
            due=min(x.delivered for x in late if x.delivered) + timedelta(days=days),
        )


def cor08(ctx: Context) -> Iterator[Gap]:
    if not ctx.snapshot.profile.file_lacks_records:
        return
    if any(x.purpose == "complaint" for x in ctx.snapshot.letters):
        return
    yield Gap(
        "COR-08",
        "medium",
        "В личном деле нет ваших медицинских документов, а жалоба не отправлена.",
        "Your personal file lacks your medical records and no complaint was sent.",
        "Отправьте жалобу с копиями документов заказным письмом (шаблон ДСО).",
        "Send a complaint with copies of the documents by registered mail (DSO template).",
        "[S000]",
    )


def _ags(ctx: Context) -> list[Letter]:
    return sorted((x for x in ctx.snapshot.letters if x.purpose == "ags"), key=lambda x: (x.sent, x.id))


def ags04(ctx: Context) -> Iterator[Gap]:
    letters = _ags(ctx)
    if not letters:
        return
    have = {a for x in letters for a in x.attachments}
    missing = [k for k in _REQUIRED if k not in have]
    if missing:
        yield Gap(
            "AGS-04",
            "medium",
            f"К заявлению на АГС не приложено: {', '.join(_REQUIRED[k][0] for k in missing)}.",
            f"The AGS application lacks: {', '.join(_REQUIRED[k][1] for k in missing)}.",
            "Приложите автобиографию и характеристику (по желанию — данные свидетелей).",
            "Attach an autobiography and a character reference (optionally witnesses).",
            "[P:xn--8sb7adhdbkgbdp4e] [P:school-gosuslugi]",
            letter_ids=tuple(x.id for x in letters),
        )


def ags05(ctx: Context) -> Iterator[Gap]:
    for letter in _ags(ctx):
        if letter.hearing is None or letter.hearing < ctx.today:
            continue
        yield Gap(
            "AGS-05",
            "high",
            f"Заседание по заявлению на АГС {ru(letter.hearing)}: нужно личное присутствие.",
            f"AGS hearing on {en(letter.hearing)}: you must attend in person.",
            "Явитесь лично; возьмите копию заявления и квитанцию.",
            "Attend in person; bring a copy of the application and the receipt.",
            "[P:xn--8sb7adhdbkgbdp4e]",
            letter_ids=(letter.id,),
            due=letter.hearing,
        )


def ags06(ctx: Context) -> Iterator[Gap]:
    for letter in _ags(ctx):
        if letter.refused is None:
            continue
        refused = letter.refused
        appealed = any(x.purpose == "complaint" and x.sent >= refused for x in ctx.snapshot.letters)
        if appealed:
            continue
        deadline = dates.add_months(refused, 3)
        yield Gap(
            "AGS-06",
            "high",
            f"Отказ в АГС от {ru(refused)}: обжалуйте в призывную комиссию субъекта или в суд до {ru(deadline)}.",
            f"AGS refused on {en(refused)}: appeal to the regional board or in court by {en(deadline)}.",
            "Подайте жалобу заказным письмом; суды иногда встают на сторону заявителя.",
            "File the appeal by registered mail; courts sometimes side with applicants.",
            "[S001] [P:oboznik]",
            letter_ids=(letter.id,),
            due=deadline,
        )


def run(ctx: Context) -> Iterator[Gap]:
    for check in (cor04, cor06, cor07, cor08, ags04, ags05, ags06):
        yield from check(ctx)
