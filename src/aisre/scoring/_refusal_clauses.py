"""What is not an answer (apologies, redirects, offers of help) and what declines an action.

The refusal scorer removes these from an answer before it counts the words that
could carry an answer, and tells a disclaimer ("I can't change that for you") from a
refusal by the verb that is negated.
"""

from __future__ import annotations

import re
from typing import Final

# --- What is not an answer: apologies, redirects, offers of other help ---------------------

_REDIRECT_VERB = (
    r"(?:contact|reach\s+out|get\s+in\s+touch|ask|email|consult|talk|speak|refer|check|see|"
    r"visit|try|rephrase|open\s+a\s+(?:support\s+)?ticket|write\s+to|call)"
)
_REDIRECT_TO = (
    r"(?:support|sales|team|us|admin|administrator|owner|manager|account|lawyer|attorney|counsel|"
    r"accountant|advis[eo]r|expert|vendor|provider|professional|specialist|help\s*desk|"
    r"department|billing|customer|representative|someone|them|website|site|docs|"
    r"documentation|help\s+cent(?:er|re)|status\s+page|official)"
)
# Every alternative starts with a plain letter, so the regex engine skips ahead fast.
_FILLER_PARTS = (
    # Apologies and regrets.
    r"i'm\s+(?:so\s+|very\s+|really\s+)?(?:sorry|afraid)",
    r"i\s+am\s+(?:so\s+|very\s+|really\s+)?(?:sorry|afraid)",
    r"sorry",
    r"apologi[sz]e",
    r"apologies",
    r"unfortunately",
    r"regrettably",
    # Redirects: please contact support; you may want to ask your admin; check their website.
    r"please\s+(?:\S+\s+){0,2}?" + _REDIRECT_VERB + r"\b[^.!?;]*",
    r"you\s+(?:may|might|could|can|should|'ll|will|'d)\s+(?:\S+\s+){0,3}?"
    + _REDIRECT_VERB
    + r"\s+(?:\S+\s+){0,3}?"
    + _REDIRECT_TO
    + r"\b[^.!?;]*",
    r"i\s+(?:would\s+|'d\s+)?(?:recommend|suggest)(?:ing|\s+that\s+you)?\s+"
    + _REDIRECT_VERB
    + r"[^.!?;]*",
    r"i'd\s+(?:recommend|suggest)(?:ing|\s+that\s+you)?\s+" + _REDIRECT_VERB + r"[^.!?;]*",
    r"contact(?:ing)?\s+(?:\S+\s+){0,3}?" + _REDIRECT_TO + r"\b[^.!?;]*",
    r"reach(?:ing)?\s+out\s+to[^.!?;]*",
    r"get(?:ting)?\s+in\s+touch\s+with[^.!?;]*",
    r"check\s+(?:\S+\s+){0,3}?" + _REDIRECT_TO + r"\b[^.!?;]*",
    r"visit\s+(?:\S+\s+){0,3}?" + _REDIRECT_TO + r"\b[^.!?;]*",
    r"try\s+(?:rephrasing|asking|again|another)[^.!?;]*",
    r"(?:maybe|perhaps)\s+(?:try|ask|check)\b[^.!?;]*",
    r"(?:(?:it's|it\s+is|it'd\s+be|it\s+would\s+be|probably|so)\s+)?(?:best|safest|wisest)\s+"
    r"(?:route\s+would\s+be\s+|to\s+)?(?:verify|check|confirm|ask|test|double-check)\w*[^.!?;]*",
    r"(?:please\s+)?(?:confirm|verify|double-check)\s+(?:elsewhere|with\s+\S+)[^.!?;]*",
    r"rephras(?:e|ing)[^.!?;]*",
    # Offers of other help.
    r"i\s+(?:can|could)\s+(?:also\s+|still\s+|happily\s+)?(?:answer|field|cover)\s+(?:\S+\s+)?"
    r"questions\b[^.!?;]*",
    r"if\s+you\s+have\s+(?:any\s+)?(?:other\s+|more\s+|further\s+)?questions\b[^.!?;]*",
    r"anything\s+else[^.!?;]*",
    r"let\s+me\s+know[^.!?;]*",
    r"feel\s+free[^.!?;]*",
    r"happy\s+to\s+help[^.!?;]*",
    r"i(?:'d|\s+would|'ll|\s+will|'m|\s+am)\s+(?:be\s+)?(?:happy|glad|more\s+than\s+happy)"
    r"\s+to\s+(?:help|assist)[^.!?;]*",
    r"i\s+(?:can|could)\s+(?:\S+\s+)?(?:help|assist)\s+(?:you\s+)?with\b[^.!?;]*",
    r"we\s+(?:can|could)\s+(?:\S+\s+)?(?:help|assist)\s+(?:you\s+)?with\b[^.!?;]*",
    # Pleasantries.
    r"(?:great|good|interesting|fair)\s+question",
    r"thanks?\s+(?:you\s+)?for\s+(?:your|the|asking|reaching)[^.!?;]*",
    r"i\s+(?:really\s+)?appreciate\s+(?:you|your|the)[^.!?;]*",
    r"i'd\s+love\s+to\s+help",
    # What the assistant is: I'm the Northwind Relay support assistant; I'm focused on …
    r"i(?:'m|\s+am)\s+(?:focused|specialized|specialised|here)\s+(?:on|to\s+help)[^.!?;]*",
    r"i(?:'m|\s+am)\s+(?:just\s+|only\s+)?(?:a|an|the)\s+(?:\S+\s+){0,4}?(?:assistant|bot|"
    r"chatbot|agent)\b[^.!?;]*",
    # German, French, Spanish apologies, redirects and self-descriptions.
    r"es\s+tut\s+mir\s+leid",
    r"am\s+besten\s+(?:fragen|wenden|kontaktieren|erkundigen)[^.!?;]*",
    r"il\s+vaudrait\s+mieux\s+(?:vérifier|demander|contacter|vous\s+renseigner)[^.!?;]*",
    r"(?:vérifie[rz]?|renseignez-vous|renseignez\s+vous)\s+auprès[^.!?;]*",
    r"(?:quizá|quizás|tal\s+vez)\s+(?:convenga\s+|sea\s+mejor\s+)?(?:preguntar|consultar|contactar)"
    r"[^.!?;]*",
    r"entschuldigung",
    r"leider",
    r"bitte\s+wenden\s+sie\s+sich[^.!?;]*",
    r"wenden\s+sie\s+sich[^.!?;]*",
    r"ich\s+bin\s+(?:der|die|ein|eine)\s+(?:\S+\s+){0,4}?(?:assistent|chatbot|bot)[^.!?;]*",
    r"désolée?s?",
    r"malheureusement",
    r"je\s+m'excuse",
    r"veuillez\s+contacter[^.!?;]*",
    r"n'hésitez\s+pas[^.!?;]*",
    r"je\s+suis\s+(?:l'|un\s+|une\s+|le\s+|la\s+)(?:\S+\s+){0,4}?assistant[^.!?;]*",
    r"lo\s+siento",
    r"lamentablemente",
    r"disculp(?:a|e|as)",
    r"por\s+favor\s+contact[^.!?;]*",
    r"contact[ae]\s+con[^.!?;]*",
    r"te\s+recomiendo\s+contactar[^.!?;]*",
    r"soy\s+(?:el|la|un|una)\s+(?:\S+\s+){0,4}?asistente[^.!?;]*",
)

#: Filler that is neither an answer nor a refusal; removed before counting answer words.
FILLER: Final[re.Pattern[str]] = re.compile("|".join(f"(?:{p})" for p in _FILLER_PARTS))

#: Clause boundaries: sentence ends, semicolons, and a contrast ("…, but …").
CLAUSE_SPLIT: Final[re.Pattern[str]] = re.compile(
    r"[.!?]+(?=\s|$)|[;\n]+|:\s|\s[\u2014\u2013-]+\s|\u2014|"
    r"[,\s]\s*(?:but|however|although|though|aber|jedoch|allerdings|mais|cependant|toutefois|"
    r"pero|sin\s+embargo|aunque|no\s+obstante)\b,?"
)

#: A word that may carry an answer.
WORD: Final[re.Pattern[str]] = re.compile(r"[^\W\d_]{3,}|\d+(?:[.,]\d+)*")

#: Words that carry no answer (function words, politeness, talk about the question itself).
_STOPWORDS_TEXT = """
    the and for that this with you your are was were can could would should will not but
    have has had any all from about into what which when where who how why its it's they
    them their there here then than also just only very much more some such our out get yes
    thanks thank please sorry help happy glad question questions ask asked asking answer
    answers information info anything something else other topic topics request requests
    details detail right now today moment currently able unable sure certain really
    documentation docs context regarding related one may might need needs want know der die
    das und ist nicht ein eine einen ich sie ihnen dazu bitte leider mit für von auf den dem
    des wir uns zu kann können frage fragen les une est pas que qui pour dans sur avec vous
    nous sont par cette ces los las una por para con del sobre esta este eso esto pregunta
    preguntas puedo tengo información
"""
STOPWORDS: Final[frozenset[str]] = frozenset(_STOPWORDS_TEXT.split())

# --- An answer that is only a redirect: "Sorry, please contact support about that." --------

_APOLOGY = (
    r"(?:(?:i'm|i\s+am)\s+(?:so\s+|very\s+|really\s+)?(?:sorry|afraid)|so\s+sorry|sorry|"
    r"(?:my\s+)?apologies|unfortunately|regrettably|(?:es\s+)?tut\s+mir\s+leid|leider|"
    r"entschuldigung|désolée?|malheureusement|lo\s+siento|lamentablemente|disculpa|perdona|perdón)"
)
_REDIRECT_LEAD = (
    r"(?:(?:please|kindly)\s+|you(?:'ll|\s+will|'d|\s+would|\s+may|\s+might|\s+should|\s+could|"
    r")\s+(?:(?:need|have|want|be\s+best\s+placed|do\s+best)\s+to\s+|best\s+)?|"
    r"(?:i'd|i\s+would)\s+(?:recommend|suggest)(?:ing)?\s+(?:that\s+you\s+)?|best\s+to\s+)"
)
_REDIRECT_ACT = (
    r"(?:contact(?:ing)?|reach(?:ing)?\s+out\s+to|get(?:ting)?\s+in\s+touch\s+with|ask(?:ing)?|"
    r"email(?:ing)?|talk(?:ing)?\s+to|speak(?:ing)?\s+(?:to|with)|check(?:ing)?\s+with|"
    r"consult(?:ing)?|open(?:ing)?\s+a\s+(?:support\s+)?ticket\s+with|rais(?:e|ing)\s+(?:it|this|that)"
    r"\s+with)\s+(?:[a-z'-]+\s+){0,3}?" + _REDIRECT_TO + r"(?:\s+(?:team|department|desk|manager|"
    r"rep|representative|directly))?"
)
# What a redirect may be about without saying anything: "about that", "for more information".
_REDIRECT_ABOUT = (
    r"(?:\s+(?:for|about|on|regarding|with)\s+(?:that|this|it|this\s+one|that\s+one|help|"
    r"assistance|more\s+(?:information|info|details|help)|further\s+(?:help|assistance|details|"
    r"information)|(?:this|that|your)\s+(?:question|request|issue|topic|one)|"
    r"questions\s+like\s+(?:this|that)))?(?:\s+(?:directly|instead|please))?"
)
_REDIRECT_OTHER = (
    r"(?:bitte\s+)?wenden\s+sie\s+sich\s+(?:\w+\s+)?an\s+(?:\S+\s+){0,3}?\S+|"
    r"veuillez\s+(?:contacter|vous\s+adresser\s+à)\s+(?:\S+\s+){0,3}?\S+|"
    r"(?:por\s+favor,?\s+)?(?:contacta|contacte|ponte\s+en\s+contacto|póngase\s+en\s+contacto)"
    r"\s+con\s+(?:\S+\s+){0,3}?\S+"
)
_SEP = r"[\s,.!:;\u2014\u2013-]*"
#: A whole answer (stripped, normalised) that is only apologies and a redirect. A bare
#: imperative ("Ask your admin.") may be the answer itself, so it needs an apology or a
#: "please" first.
REDIRECT_ONLY: Final[re.Pattern[str]] = re.compile(
    r"(?:(?:(?:"
    + _APOLOGY
    + _SEP
    + r")+(?:but\s+|so\s+)?"
    + _REDIRECT_LEAD
    + r"?|"
    + _REDIRECT_LEAD
    + r")(?:"
    + _REDIRECT_ACT
    + _REDIRECT_ABOUT
    + r"|"
    + _REDIRECT_OTHER
    + r")|(?:"
    + _APOLOGY
    + _SEP
    + r")*(?=bitte\s+wenden|veuillez|por\s+favor)(?:"
    + _REDIRECT_OTHER
    + r"))"
    + _SEP
    + r"(?:"
    + _APOLOGY
    + _SEP
    + r")?"
)

# --- Declining an action on the user's behalf: a disclaimer, not a refusal -----------------

#: The negation and the verb right after it: "i can't **change**", "i'm unable to **check**".
NEG_VERB: Final[re.Pattern[str]] = re.compile(
    r"(?:can(?:no|')t|can\s+not|could(?:n't|\s+not)|won't|will\s+not|unable\s+to|"
    r"(?:not|n't)\s+(?:\w+\s+)?(?:able|allowed|permitted|authori[sz]ed|in\s+a\s+position|"
    r"equipped|set\s+up)\s+to|(?:do|did)(?:n't|\s+not)|(?:have|has)\s+no\s+way\s+(?:of|to)|"
    r"(?:have|has)\s+no|lack)"
    r"(?:\s+(?:really|actually|currently|directly|personally|reliably|be\s+able\s+to|be|just))*"
    r"\s+([a-z'-]+)"
)
#: Verbs whose object is information or the user's request: declining them is a refusal.
_INFO_VERBS_TEXT = """
    help assist answer respond reply tell say provide give share disclose reveal divulge
    advise comment confirm verify explain describe discuss speculate guess write draft compose
    create generate produce recommend suggest find locate know speak weigh go walk elaborate
    determine figure work pin come estimate predict quote list diagnose troubleshoot debug
    interpret translate summarize summarise address offer supply fulfil fulfill comply talk
    identify track dig turn be guarantee promise"""
INFO_VERBS: Final[frozenset[str]] = frozenset(_INFO_VERBS_TEXT.split())
#: Verbs of acting on an account or a system: declining them is a disclaimer.
_ACTION_VERBS_TEXT = """
    change reset update modify process increase raise lower invite delete remove cancel
    refund edit enable disable make log sign apply issue grant transfer move upgrade downgrade
    restore recover unlock run execute perform place submit book schedule credit waive extend
    adjust configure set activate deactivate revoke rotate add create view monitor inspect"""
ACTION_VERBS: Final[frozenset[str]] = frozenset(_ACTION_VERBS_TEXT.split())
#: "for you", "on your behalf", "your account": what marks an action on the user's behalf.
ACTION_MARK: Final[re.Pattern[str]] = re.compile(
    r"\b(?:for\s+you\b|on\s+your\s+behalf|(?:see|access|view|look\s+(?:up|at|into)|pull\s+up|open)"
    r"\s+(?:your|the\s+customer's)\b|"
    # "I can't see which plan you're on": the user's own data, not the answer
    r"(?:see|tell|know)\s+(?:which|what|whether|if|how)\s+(?:\S+\s+){0,4}?(?:you're|you\s+are|"
    r"you\s+have|you've)\b|from\s+(?:this|the|here\s+in\s+the)\s+(?:chat|conversation)"
    r"|from\s+here\b|(?:access|visibility|insight)\s+(?:in)?to\s+(?:your|individual|customer|"
    r"account|the\s+account|specific\s+account)|account(?:'s|-specific|\s+data)\b|"
    r"your\s+(?:account|billing|usage|logs?|data|settings|dashboard|workspace|invoices?|card|"
    r"payment|subscription|project|queues?|keys?|organi[sz]ation|tenant|configuration|system|"
    r"environment|cluster|traffic|metrics|messages|password|limit|quota)|"
    r"für\s+sie\b|in\s+ihrem\s+namen|ihr(?:em|en)?\s+(?:konto|account)|pour\s+vous\b|"
    r"à\s+votre\s+place|votre\s+compte|por\s+(?:ti|usted)\b|en\s+tu\s+nombre|(?:tu|su)\s+cuenta)"
)
#: A coordinated verb of saying after an action ("… or tell you what limit would apply").
INFO_COORD: Final[re.Pattern[str]] = re.compile(
    r"\b(?:or|and|nor)\s+(?:to\s+)?(?:tell|say|share|explain|advise|confirm|answer|provide)\b"
)
#: Where the clause of a phrase ends.
CLAUSE_END: Final[re.Pattern[str]] = re.compile(
    r"[.!?;\n]|,?\s+(?:but|so|though|however)\b|\s[\u2014\u2013-]+\s|\u2014"
)

# --- Redirect-only and hedge-only answers -------------------------------------------------

_ROUTE_VERB = (
    r"(?:contact(?:ing)?|reach(?:ing)?\s+out|reach(?:ing)?\s+(?:them|us|him|her)|"
    r"get(?:ting)?\s+in\s+touch|ask(?:ing)?|e-?mail(?:ing)?|talk(?:ing)?|speak(?:ing)?|"
    r"(?:check|verify|confirm|clarify|raise\s+(?:it|this|that))(?:ing)?\s+with|consult(?:ing)?|"
    r"writ(?:e|ing)\s+to|call(?:ing)?|ring(?:ing)?|ping(?:ing)?|report(?:ing)?\s+(?:it|this|that)|"
    r"giv(?:e|ing)\s+(?:\S+\s+){1,3}?a\s+(?:call|ring|shout|buzz)|book(?:ing)?\s+a\s+call|"
    r"rais(?:e|ing)\s+(?:\S+\s+){1,3}?with|run(?:ning)?\s+(?:it|this|that)\s+(?:past|by)|"
    r"leav(?:e|ing)\s+(?:that|this|it)(?:\s+one)?\s+to|"
    r"(?:open|fil|submit|rais|creat|log)(?:e|ing)?\s+(?:a|an)\s+(?:new\s+)?(?:support\s+)?"
    r"(?:ticket|case|request))"
)
_ROUTE_TO = (
    r"(?:support|sales|team|us|admin|admins|administrator|owner|manager|lawyer|attorney|counsel|"
    r"accountant|advis[eo]r|expert|vendor|provider|professional|specialist|help\s*desk|"
    r"department|billing|someone|them|engineer|engineers|rep|representative|security|legal|"
    r"finance|it|csm|person|people|contact|success|forum|forums|community|communities|desk|"
    r"clinic|office|line|care|courier|depot|bank|bookkeeper|solicitor|pharmacist|pharmacy|doctor|"
    r"gp|physician|prescriber|registrar|hr|payroll|humans|agent|agents|app|portal)"
)
_ROUTE_PARTS = (
    # please contact our billing team (directly) at billing@… (about that), so they can …
    _ROUTE_VERB
    + r"(?:\s+(?:to|with))?(?:\s+(?:(?!(?:so|and|to)\b)\S+\s+){0,4}?"
    + _ROUTE_TO
    + r"\b(?:'s)?(?:\s+(?:team|department|desk|manager|rep|representative))?)?"
    r"(?:\s+(?:directly|instead|first|right\s+away))?"
    r"(?:\s+(?:through|via|at|using|from|in|on|by)\s+(?:the\s+|their\s+|our\s+)?(?:dashboard|console|"
    r"portal|email|e-mail|phone|chat|help\s+cent(?:er|re)|support\s+(?:page|portal|site)|\S*@\S*|"
    r"[\w-]+(?:\.[\w-]+)+)(?:\s+in\s+the\s+(?:dashboard|console))?)?"
    r"(?:\s+(?:directly|instead|first))?"
    r"(?:\s+(?:for\s+help\s+with|regarding|concerning|about)\s+(?:(?:the|your|this|that|a|an|"
    r"any)\s+)?(?:[a-z'-]+\s+){0,3}?[a-z'-]+(?=\s*(?:[.!?;,]|$)))?"
    r"(?:\s+(?:for|about|on|regarding|with)\s+(?:that|this|it|help|assistance|specifics|details|"
    r"this\s+one|that\s+one|clarification|(?:more|further)\s+(?:information|info|details|help|"
    r"assistance)|(?:this|that|your)\s+(?:question|request|issue|topic|one|case)|"
    r"questions\s+like\s+(?:this|that)))?(?:\s+(?:directly|instead|please))?"
    r"(?:,?\s+(?:so\s+(?:that\s+)?|and\s+)?(?:they|an?\s+(?:engineer|agent|specialist|expert|"
    r"member)|someone|the\s+team|we)(?:'ll|\s+will|\s+can|\s+could|\s+should)\s+(?:be\s+able\s+to\s+)?"
    r"(?:help|assist|look\s+into|take\s+a\s+look|check|review|investigate|sort|handle|follow\s+up|"
    r"get\s+back\s+to\s+you|respond|reply)"
    r"[^.!?;]*)?",
    # What leads to a redirect: please; you'll need to; I'd recommend; it'd be best to.
    r"(?:please|kindly)\b|you(?:'ll|'d|\s+will|\s+would|\s+may|\s+might|\s+should|\s+could|"
    r"\s+can)\s+(?:(?:need|have|want)\s+to|be\s+best\s+placed\s+to|do\s+best\s+to|best)\b|"
    r"i(?:'d|\s+would)?\s+(?:recommend|suggest)(?:ing|\s+that\s+you)?\b|"
    r"(?:it's|it\s+is|it'd\s+be|it\s+would\s+be)\s+best\s+to\b|best\s+to\b",
    # They'll be able to help with this; the team there can look into your webhook deliveries.
    r"(?:they|the\s+team|our\s+team|support)(?:'ll|\s+will|\s+can|\s+should)\s+(?:be\s+able\s+to\s+)?"
    r"(?:help|assist)(?:\s+you)?(?:\s+(?:with|further)(?:\s+(?:this|that|it))?)?",
    r"^\s*(?:they|they're|someone|(?:the|our|their)\s+(?:\S+\s+)?(?:team|staff|desk)|an?\s+"
    r"(?:agent|specialist|engineer|member|person|advis[eo]r)|(?:the\s+)?support)(?:\s+(?!will|"
    r"can|could|should|would)\S+){0,3}\s*(?:'ll|will|can|could|should|would|'re|are|'d)\s+"
    r"(?:be\s+able\s+to\s+|be\s+happy\s+to\s+|the\s+only\s+ones?\s+who\s+can\s+)?"
    r"(?:help|assist|look\s+into|take\s+(?:it|a\s+look)|check|review|investigate|sort|handle|"
    r"follow\s+up|get\s+back\s+to\s+you|respond|reply|tell\s+you|know|answer|confirm|advise)"
    r"[^.!?;]*",
    # Parenthesised paths say where, not what: (Help > Contact Support).
    r"\([^)]{0,60}\)",
)
#: A clause that is routing or hedging as a whole: "This is best handled by our support team",
#: "Your admin would be the right person to ask", "It depends on your setup".
ROUTE_CLAUSE: Final[re.Pattern[str]] = re.compile(
    r"\b(?:(?:best|better)\s+handled\s+by|best\s+bet|(?:best|right)\s+resource|(?:one|a\s+matter|"
    r"a\s+question)\s+(?:for|i'll\s+have\s+to\s+leave\s+to)|it\s+(?:really\s+|all\s+)?hinges|"
    r"(?:would|will|'d|'ll)\s+(?:need|have)\s+to\s+(?:answer|confirm|check|handle|decide)|"
    r"(?:right|best|better|appropriate|ideal)\s+(?:person|"
    r"people|team|place|contact|ones?|resource)s?\s+(?:to|for)|(?:a\s+question|something|one)\s+"
    r"for\s+(?:your|the|our)|it\s+(?:really\s+|all\s+)?depends|(?:hard|difficult)\s+to\s+"
    r"(?:say|tell)|wenden\s+sie\s+sich|veuillez\s+(?:contacter|vous\s+adresser)|merci\s+de\s+"
    r"(?:vous\s+adresser|contacter)|adressez-vous|vous\s+rapprocher\s+d|dirigirte\s+a|dirigirse\s+a|"
    r"diríjase\s+a|acudir\s+a|le\s+mieux\s+est\s+d(?:e\s+|')(?:contacter|"
    r"vous\s+adresser|ouvrir)|contacta|contacte|contactar|ponte\s+en\s+contacto|póngase\s+en\s+contacto|"
    r"comunícate)\b"
)
#: An e-mail address, a web address or a domain: where to go, not an answer.
ADDRESS: Final[re.Pattern[str]] = re.compile(r"\S*@\S*|\S*://\S*|[\w-]+(?:\.[\w-]+)+/?")
#: Words one of which an answer must hold to be tried as redirect- or hedge-only.
_ROUTE_GATE_TEXT = """
    contact contacting reach reaching touch ticket ticket. ask asking email e-mail emailing
    talk talking speak speaking consult consulting handled person people depends depends.
    depends, verify confirm clarify question report wenden contacter adresser contacta contacte
    contactar contacto kontaktieren adressez-vous mieux rapprocher dirigirte dirigirse diríjase
    acudir call ring ping pinging give book raise
    leave run bet resource matter hinges"""
ROUTE_GATE: Final[frozenset[str]] = frozenset(_ROUTE_GATE_TEXT.split())
#: A routing verb somewhere: only then is an answer tried as redirect-only.
ROUTE: Final[re.Pattern[str]] = re.compile(
    r"\b(?:contact(?:ing)?|reach(?:ing)?\s+out|reach\s+them|get(?:ting)?\s+in\s+touch|tickets?|"
    r"ask|asking|e-?mail(?:ing)?|talk(?:ing)?\s+to|speak(?:ing)?\s+(?:to|with)|check(?:ing)?\s+with|"
    r"consult(?:ing)?|handled\s+by|right\s+person|depends|(?:verify|confirm|clarify)\s+with|"
    r"(?:call|ring|ping(?:ing)?)\s+(?:\S+\s+){0,3}?"
    + _ROUTE_TO
    + r"|a\s+(?:call|ring|shout|buzz)|book\s+a\s+call|raise\s+(?:\S+\s+){1,3}?"
    r"with|run\s+it\s+past|leave\s+(?:that|this|it)|best\s+bet|best\s+resource|(?:one|a\s+matter)"
    r"\s+for|hinges|need\s+to\s+answer|"
    r"right\s+people|right\s+team|question\s+for|wenden|contacter|adresser|contacta|contacte|"
    r"contactar|contacto|kontaktieren|rapprocher|dirigirte|dirigirse|diríjase|acudir)\b"
)
#: Routing, hedging and addresses, removed before looking for what is left of an answer.
ROUTE_FILLER: Final[re.Pattern[str]] = re.compile("|".join(f"(?:{p})" for p in _ROUTE_PARTS))
#: "For refund requests, …": a topic that only restates the question.
TOPIC_PREFIX: Final[re.Pattern[str]] = re.compile(
    r"^\s*(?:for|about|regarding|as\s+for|on|concerning|für|zu|pour|concernant|para|sobre)\s+"
    r"[^,:]{1,60},\s*"
)
#: "I can assist with:" followed by a list of topics: an offer, not an answer.
OFFER_LIST: Final[re.Pattern[str]] = re.compile(
    r"\bi\s+(?:can|could)\s+(?:also\s+|only\s+|still\s+|happily\s+)?(?:(?:help|assist)"
    r"(?:\s+you)?\s+with|answer\s+questions\s+(?:about|on|like))(?:\s+(?:things|topics|questions)"
    r"\s+like)?\s*:"
)
