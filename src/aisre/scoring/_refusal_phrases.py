"""The refusal language the refusal scorer looks for, in English, German, French and Spanish.

Every pattern is a *shape* of refusal, not a memorised sentence: a first
person that cannot or will not help / answer / provide / find; a scope
disclaimer ("I can only answer questions about …", "outside what I can
help with"); a statement that the information is missing ("I don't have
information about", "the documentation doesn't say"); a policy refusal
("against my guidelines"); and, weaker, a bare hedge ("I'm not sure").

The patterns run on text that :func:`normalise` made lower-case with
straight apostrophes. Capability words need a first-person subject, so
"you cannot delete the default project" or "support cannot help with
community libraries" are statements about the product, not refusals.

Kinds and their weights (the refusal confidence a match gives):

* ``explicit`` (0.95) — I can't / won't / am not able to help, answer, provide …
* ``policy`` (0.95) — I must decline; against my guidelines; as an AI I cannot …
* ``scope`` (0.9) — I can only answer questions about …; outside my scope …
* ``no_information`` (0.9) — I don't have information; the docs don't say …
* ``redirect`` (0.85) — nothing but routing: "please contact support", "this is best handled by
  the billing team", "your admin would be the right person to ask", "it depends; ask support".
* ``disclaimer`` (0.7) — declines an *action* on the user's behalf ("I can't change that for
  you", "I don't have access to your account"); a refusal only when nothing else is said.
* ``hedge`` (0.6) — I'm not sure; a refusal only when nothing else is said.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

__all__ = [
    "ACTION_MARK",
    "ACTION_VERBS",
    "ADDRESS",
    "CLAUSE_END",
    "CLAUSE_SPLIT",
    "FILLER",
    "INFO_COORD",
    "INFO_VERBS",
    "KIND_WEIGHTS",
    "NEG_VERB",
    "OFFER_LIST",
    "PATTERNS",
    "REDIRECT_ONLY",
    "ROUTE",
    "ROUTE_CLAUSE",
    "ROUTE_FILLER",
    "ROUTE_GATE",
    "STOPWORDS",
    "TOPIC_PREFIX",
    "WORD",
    "PhraseGroup",
    "compile_phrases",
    "normalise",
    "starts_clause",
]

KIND_WEIGHTS: Final[dict[str, float]] = {
    "explicit": 0.95,
    "policy": 0.95,
    "scope": 0.9,
    "no_information": 0.9,
    "custom": 0.9,
    "redirect": 0.85,
    "disclaimer": 0.7,
    "hedge": 0.6,
}

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def normalise(text: str) -> str:
    """Lower-case ``text`` with straight apostrophes: the form the patterns expect."""
    low = text.lower()
    if "\u2019" in low:  # str.translate is slow; curly apostrophes are the common case
        low = low.replace("\u2019", "'")
    if not low.isascii():
        low = low.translate(_APOSTROPHES)
    return low


# --- English -------------------------------------------------------------------------------

# A first person (or the assistant speaking of itself) …
_SUBJ = r"\b(?:i|we|this assistant|the assistant)"
_SUBJ_GATE = "i we i'm we're i've we've i'd we'd i'll we'll assistant"
# Adverbs a refusal puts around its negation: "I'm really not able", "I am unfortunately unable".
_ADV = (
    r"(?:really|honestly|unfortunately|sadly|currently|simply|just|still|also|afraid|truly|"
    r"genuinely|actually|probably|regrettably|frankly|quite|certainly|definitely|realistically)"
)
# … that cannot, will not, is not able or not allowed to …
_NEG = (
    r"(?:\s+" + _ADV + r")?"
    r"(?:\s*'m|\s+am|\s+was|\s+are|\s+is)?(?:\s+" + _ADV + r"){0,2}"
    r"\s*(?:can(?:no|')t|can\s+not|could(?:n't|\s+not)|won't|will\s+not|must\s+not|"
    r"(?:'m|am|was|were|are|is)?\s*(?:not|n't)\s+(?:" + _ADV + r"\s+)?"
    r"(?:able|allowed|permitted|authori[sz]ed|"
    r"qualified|in\s+a\s+position|equipped|going|programmed|designed|built|trained|configured|"
    r"meant|supposed|set\s+up|capable\s+enough)\s+to|(?:'m|am|was|are|is)?\s*unable\s+to|"
    r"(?:'d|would)\s+(?:rather|prefer)\s+not(?:\s+to)?|(?:do|did)(?:n't|\s+not))"
    r"(?:\s+(?:really|actually|currently|reliably|fully|safely|directly|personally|"
    r"be\s+able\s+to|accurately|properly|be))*\s+"
)
# The same, without "don't" ("we don't offer a student discount" is a statement, not a refusal).
_NEG_ABLE = _NEG.replace(r"|(?:do|did)(?:n't|\s+not))", ")")
# "I" (not "we": "we can't refund …" is the company's rule) that cannot or will not …
_I_NEG = _SUBJ + r"(?<=\bi)" + _NEG_ABLE
# Verbs whose object is the information or the work asked for: with "I can't" in front, the
# request is declined whatever the object ("I can't provide ways to …", "I'm not able to
# write marketing copy").
_INFO_VERB = (
    r"(?:provide|write|draft|compose|create|generate|produce|explain|describe|list|quote|"
    r"estimate|predict|calculate|diagnose|troubleshoot|debug|interpret|translate|summari[sz]e|"
    r"disclose|reveal|advise|comment|speculate|weigh\s+in|find\s+out|give\s+you|"
    r"tell\s+you\s+(?:which|what|how(?!\s+(?:much|many|great|good|important|happy|glad|useful|"
    r"simple|easy|grateful)\b)|why|when|whether|if|where|about)|"
    r"be\s+more\s+(?:specific|precise|complete|detailed|helpful|definitive|concrete|exact|useful))\b"
    # "I can't list them all here, but …" answers.
    r"(?!\s+(?:(?:them|it|you)\s+)?(?:all|every|each|everything|enough|better|any\s+better)\b)"
)
# … help, answer, provide, share, find …
_ANSWER_NOUN = (
    r"(?:(?:a|an|any|the|you|you\s+with|with|that|this|more|much|further|specific|"
    r"reliable|definitive|definite|precise|clear|complete|confident|accurate|good|proper|"
    r"exact|firm|straight|useful|direct|detailed|real|meaningful|official|personal|"
    r"legal|medical|financial|tax|investment|professional|great|solid|helpful|satisfying|"
    r"trustworthy|quick|simple|easy|step-by-step|concrete|full|out|reliable|sound|"
    r"authoritative|informed)\s+)*"
    r"(?:answers?|responses?|advice|guidance|recommendations?|information|info|details?|"
    r"instructions|steps|walkthroughs?|workarounds?|solutions?|comparisons?|explanations?|"
    r"examples?|code|snippets?|samples?|"
    r"forecasts?|predictions?|breakdowns?|assessments?|verdicts?|"
    r"estimates?|figures?|opinions?|assistance|help|support|specifics|eta|timelines?|"
    r"time\s*frames?|dates?|quotes?|numbers?|prices?|pricing|"
    r"that|this|it|those|these)\b"
)
_VERB = (
    r"(?:(?:help|assist)(?!\s+(?:but|thinking|noticing|feeling|wondering|it\b))"
    r"|answer|respond|reply|comment|discuss|talk\s+about|speak\s+(?:to|about)|"
    r"weigh\s+in|advise|elaborate|address\s+(?:that|this|your|the\s+question)|speculate|guess|"
    r"determine|work\s+out|figure\s+out|find\s+out|pin\s+down|walk\s+you\s+through|"
    r"go\s+into(?!\s+(?:every|each|all|the\s+(?:whole|full|entire)|them\s+all)\b)|"
    r"come\s+up\s+with\s+(?:an?\s+|any\s+)?(?:answer|response|anything|solution)|"
    r"(?:check|look\s+up|access|view|retrieve|pull\s+up|look\s+into)\s+(?:your|the\s+status|"
    r"that|this|individual|specific|account|customer|live|real-time)|"
    r"(?:give|provide|offer|supply|guarantee|promise)\s+"
    + _ANSWER_NOUN
    + r"|share|disclose|reveal|divulge|confirm|verify|(?:give|hand)\s+out\b|"
    r"(?:find|locate|identify|see|track\s+down|dig\s+up|turn\s+up|come\s+across)\s+(?:any\s+|the\s+|"
    r"that\s+|this\s+|relevant\s+|specific\s+|an?\s+|more\s+|good\s+|useful\s+|clear\s+|"
    r"reliable\s+|solid\s+|definitive\s+|satisfying\s+|much\s+|further\s+|direct\s+)*"
    r"(?:information|info|details?|anything|answers?|mention|references?|"
    r"documentation|data|records?|sources?|that|this|it)\b|"
    r"tell\s+you\s+(?:that|this|more|about|whether|if|what|which|when|where|why|the|for\s+sure|"
    r"how(?!\s+(?:much|many|great|good|important|happy|glad|useful|simple|easy|grateful)\b))|"
    r"say\s+(?:for\s+(?:sure|certain)|whether|if|what|which|when|how\s+(?:much|many|long))|"
    r"say(?=\s*(?:[.!?,;]|$))|tell(?=\s*(?:[.!?,;]|$))|tell\s+from\s+(?:the|this|what)|"
    r"(?:answering|helping|assisting|providing|sharing|discussing|commenting|responding|"
    r"speculating|disclosing)\b|"
    r"fulfil|fulfill|comply|do\s+(?:that|this)\b|process\s+(?:that|this|your)\s+request|"
    r"(?:make|produce|write|create|generate)\s+(?:that|this)\b|"
    r"be\s+of\s+(?:help|assistance)|support\s+(?:that|this|you\s+with)|handle\s+(?:that|this))"
)
# Where the answer should have come from. Matching starts at the noun (a leading "the"
# is left out), and every alternative starts with a plain letter, which keeps it fast.
_DOCS = (
    r"(?:documentation|docs|knowledge\s*base|context|passages?|sources?|materials?|"
    r"articles?|manual|pages|documents?|resources|guides|faqs?|help\s+cent(?:er|re)|search\s+results|excerpts?|training\s+data|"
    r"provided\s+(?:information|text)|available\s+(?:information|text)|"
    r"retrieved\s+(?:information|text)|information\s+(?:provided|available|i\s+have|"
    r"i\s+was\s+given))"
)
_DET = (
    r"(?:(?:the|our|my|your|this|these|those|provided|available|product|official|given|"
    r"retrieved|supplied|support|relevant|reference|current)\s+)*"
)
_DOCS_GATE = (
    "documentation docs knowledge knowledgebase context passage passages source sources "
    "material materials article articles manual help search excerpt excerpts provided "
    "available retrieved information training pages document documents resources guides faq faqs"
)

# What the assistant says about its sources: "the knowledge base I use", "the context provided".
_DOCS_REL = (
    r"(?:\s+(?:(?:that|which)\s+)?(?:i|we)\b(?:'ve|'m)?(?:\s+[a-z']+){1,3}?|"
    r"\s+(?:provided|given|supplied|shared|available|here|above|below|at\s+hand)(?:\s+to\s+me)?|"
    r"\s+you\s+(?:provided|shared|gave\s+me|sent))?"
)

_SCOPE_TAIL = (
    r"(?:my\s+(?:scope|area|areas|domain|expertise|knowledge|remit|capabilities|purview|"
    r"wheelhouse|competence|mandate|role|abilities)|the\s+scope\s+of\s+(?:this|what|my|our|"
    r"the\s+(?:assistant|documentation|docs|product\s+documentation|knowledge\s+base|"
    r"support\s+(?:assistant|bot|chat)|chat)|these\s+docs)|what\s+(?:i|we)(?:'ve|\s+have|'m|\s+am|"
    r"'re|\s+are|\s+was)?\s+(?:been\s+)?(?:can|could|able|know|cover|handle|allowed|given|set\s+up|"
    r"trained|built|designed|configured|here|equipped|supposed|meant|do)\b|(?:the\s+)?(?:topics?|"
    r"things|areas?|questions|subjects|kinds?\s+of\s+(?:questions|things|requests))\s+(?:that\s+)?"
    r"(?:i|we)(?:'m|\s+am|'re|\s+are|'ve|\s+have|\s+can|\s+was|\s+were)?\s+(?:been\s+)?(?:can|"
    r"able|allowed|set\s+up|built|designed|configured|trained|here|meant|cover|handle|know|"
    r"equipped|help|answer)\b|(?:the|this)\s+"
    r"(?:assistant|chat|bot)'s\s+scope|(?:my|this\s+chat's|this\s+assistant's)\s+"
    r"(?:lane|area))"
)

_EN: Final[list[tuple[str, str, str]]] = [
    # I can't help with that; I won't answer; I'm not able to provide details.
    ("explicit", "i we i'm we're i've we've i'd we'd i'll we'll assistant", _SUBJ + _NEG + _VERB),
    # I can't process that. / I'm unable to handle this request.
    (
        "explicit",
        "i we i'm we're i've we've i'd we'd i'll we'll assistant",
        _SUBJ + r"(?:\s+" + _ADV + r")?"
        r"(?:\s*'m|\s+am)?(?:\s+" + _ADV + r")?\s*(?:can(?:no|')t|can\s+not|won't|will\s+not|"
        r"(?:'m|am)?\s*(?:not|n't)\s+(?:able|allowed|permitted|going)\s+to|(?:'m|am)?\s*unable\s+to)\s+"
        r"(?!(?:emphasi[sz]e|overemphasi[sz]e|stress|overstress|overstate|understate|thank|recommend|"
        r"wait|believe|imagine|praise|agree|disagree|argue|deny)\b)"
        r"[a-z]+(?:(?:\s+(?:up|out|into|on|with|for))?\s+(?:that|this|it|these|those|your\s+(?:request|"
        r"question|query))(?:\s+(?:up|out|over))?(?:\s+(?:one|question|request|topic|for\s+you|here|"
        r"right\s+now|at\s+the\s+moment|today))*\s*(?:[.!?,;\u2014-]|$)|\s+(?:\S+\s+){0,4}?"
        r"(?:for\s+you|on\s+your\s+behalf)\b)",
    ),
    # I can't provide ways to …; I'm not able to write marketing copy; I can't be more precise.
    ("explicit", _SUBJ_GATE, _I_NEG + _INFO_VERB),
    # I'm not able to increase your limit or tell you what limit would apply.
    (
        "explicit",
        _SUBJ_GATE,
        _I_NEG + r"[a-z]+\b[^.!?;]{0,50}?\s(?:or|and|nor)\s+(?:to\s+)?"
        r"(?:tell\s+you|say|share|explain|advise|confirm|answer|provide)\b",
    ),
    # I couldn't find this in the docs I have.
    (
        "no_information",
        _SUBJ_GATE,
        _I_NEG + r"(?:find|locate|see|spot)\s+[^.!?;]{0,40}?\b(?:in|within)\s+" + _DET + _DOCS,
    ),
    # That's not something I can help with.
    (
        "explicit",
        "not isn't aren't",
        r"\b(?:not|isn't|aren't)\s+(?:really\s+)?(?:something|one|anything|a\s+(?:question|topic|request|thing)|"
        r"an\s+area)\s+(?:that\s+)?(?:i|we)"
        r"(?:'m|\s+am|'re|\s+are)?\s+(?:(?:(?:can|could|am\s+able\s+to|'m\s+able\s+to|able\s+to|"
        r"(?:am\s+|'m\s+)?(?:allowed|permitted|in\s+a\s+position|equipped|set\s+up)\s+to)\s+)?"
        r"(?:really\s+)?(?:help|assist|answer|comment|discuss|provide|advise|speak|address|share|"
        r"disclose|confirm|weigh\s+in|go\s+into|talk\s+about|cover|handle)|know\s+(?:about|much)|"
        r"have\s+(?:information|details|data)\s+(?:on|about)|"
        r"(?:have|had|got|found)\s+(?:an?\s+|any\s+|the\s+)?(?:answer|response|information|details|data)"
        r"s?\b)",
    ),
    # Can't help with that. / I'm a support bot and can't help with homework.
    (
        "explicit",
        "can't cannot can couldn't could",
        r"^^(?:can(?:'t|not|\s+not)|couldn't|could\s+not)\s+"
        r"(?:really\s+)?(?:(?:help|assist|answer|comment|advise)\b(?!\s+(?:but|it\b|thinking|noticing))"
        r"|(?:find|locate|see|track\s+down|dig\s+up)\s+(?:any\s+|an?\s+|the\s+|relevant\s+|much\s+)*"
        r"(?:information|info|details?|anything|answers?|mention|references?)\b)",
    ),
    # I searched the knowledge base but didn't find any information about …
    (
        "no_information",
        "didn't did wasn't was couldn't could",
        r"^^(?:didn't|did\s+not|couldn't|could\s+not|wasn't\s+able\s+to|was\s+unable\s+to|"
        r"was\s+not\s+able\s+to)\s+(?:find|locate|see|turn\s+up|come\s+across)\s+"
        r"(?:any\s+|an?\s+|the\s+|relevant\s+|much\s+|specific\s+)*(?:information|info|details?|"
        r"anything|answers?|mention|references?|documentation)\b",
    ),
    # No comment on upcoming releases.
    (
        "explicit",
        "no",
        r"^^no\s+comment\b(?!\s+(?:is|was|field|box|needed|required|section|thread))",
    ),
    # Unable to answer that question.
    (
        "explicit",
        "unable",
        r"unable\s+to\s+(?:help|assist|answer|respond|provide|find\s+(?:any\s+)?(?:information|"
        r"details|an\s+answer|anything))",
    ),
    # I must decline; against my guidelines; as an AI I cannot.
    (
        "policy",
        "i we i'm we're i've we've i'd we'd i'll we'll assistant",
        _SUBJ + r"(?:(?:\s*'m\s+going\s+to|\s*'ll|\s+(?:must|have\s+to|need\s+to|will|"
        r"am\s+going\s+to|respectfully|politely))+\s+(?:respectfully\s+|politely\s+)?"
        r"(?:decline|refuse|pass\s+on)\b|\s+(?:respectfully\s+|politely\s+)?(?:decline|refuse)\s+to\s+"
        r"(?:answer|help|assist|comment|discuss|share|provide|disclose|engage|speculate|respond))",
    ),
    (
        "policy",
        "against violate violates allowed permitted",
        r"(?:against|violates?|not\s+(?:allowed|permitted)\s+(?:by|under))\s+(?:my|our|the\s+"
        r"(?:usage|content|safety|assistant's))\s+(?:(?:usage|content|safety|acceptable\s+use)"
        r"\s+)?(?:guidelines|polic(?:y|ies)|rules|instructions)",
    ),
    (
        "policy",
        "as",
        r"\bas\s+an?\s+(?:ai|language\s+model|ai\s+(?:language\s+model|assistant|model)|"
        r"virtual\s+assistant|assistant)\b[^.!?]{0,40}?\b(?:can(?:no|')t|don't|do\s+not|"
        r"am\s+not|'m\s+not|unable|not\s+able)",
    ),
    # I can only answer questions about …; I'm only able to help with …
    (
        "scope",
        "i we i'm we're i've we've i'd we'd i'll we'll assistant",
        _SUBJ + r"(?:'m|\s+am|\s+can|\s+may|\s+is|\s+are|"
        r"'re)?\s+(?:only|just|exclusively|solely)\s+(?:be\s+)?(?:able\s+to\s+|designed\s+to\s+|"
        r"here\s+to\s+|meant\s+to\s+|built\s+to\s+|allowed\s+to\s+|permitted\s+to\s+|"
        r"set\s+up\s+to\s+|configured\s+to\s+|trained\s+to\s+|intended\s+to\s+)?"
        r"(?:help|assist|answer|discuss|respond|provide|talk|support|handle|cover|"
        r"speak|advise|field)",
    ),
    # … designed to answer questions about Northwind Relay only.
    (
        "scope",
        "designed here built meant intended configured trained set",
        r"\b(?:designed|here|built|meant|intended|configured|trained|set\s+up)\s+to\s+"
        r"(?:help|answer|assist|discuss|support|questions|handle|cover|talk)\b[^.!?]{0,80}?"
        r"\b(?:only|exclusively|(?:and|but)\s+nothing\s+(?:else|more))\b",
    ),
    (
        "scope",
        "my",
        r"\bmy\s+(?:scope|knowledge|expertise|remit|role|purpose|focus)\s+(?:is\s+)?"
        r"(?:limited|restricted|confined)\s+to",
    ),
    # That's above my pay grade.
    ("scope", "above over beyond", r"(?:above|over|beyond)\s+my\s+pay\s*-?grade"),
    # My instructions only allow me to …; my guidelines don't let me …
    (
        "scope",
        "instructions guidelines rules configuration setup prompt role policy policies programming",
        r"\b(?:my|the)\s+(?:instructions|guidelines|rules|configuration|setup|system\s+prompt|role|"
        r"polic(?:y|ies)|programming|mandate)\s+(?:\w+\s+)?(?:only\s+(?:allows?|permits?|lets?)\s+me"
        r"|(?:allows?|permits?|lets?)\s+me\s+(?:to\s+)?only|(?:limits?|restricts?|confines?)\s+me"
        r"|(?:do(?:n't|\s+not)|does(?:n't|\s+not))\s+(?:allow|permit|let)\s+me)\b",
    ),
    # Outside my scope; outside what I can help with; beyond what I can answer.
    ("scope", "outside beyond out", r"(?:outside|beyond|out\s+of)\s+(?:of\s+)?" + _SCOPE_TAIL),
    ("scope", "not", r"not\s+(?:within|part\s+of|in)\s+" + _SCOPE_TAIL),
    (
        "scope",
        "out not",
        r"(?:out\s+of|not\s+in)\s+scope\s+(?:for\s+(?:me|us|this\s+(?:assistant|chat|bot))|here)\b",
    ),
    # Not in my sources / not anywhere in the documentation.
    (
        "no_information",
        "not isn't aren't wasn't",
        r"(?:not|isn't|aren't|wasn't)\s+(?:anywhere\s+|mentioned\s+|covered\s+|included\s+)?in\s+"
        r"(?:(?:my|the|our|your|provided|available|these|those|any\s+of\s+(?:my|the))\s+)+" + _DOCS,
    ),
    # I don't have (enough) information about …; I have no details on …
    (
        "no_information",
        "i we i'm we're i've we've i'd we'd i'll we'll assistant",
        _SUBJ + r"(?:\s+(?:really|unfortunately|currently|just|still))?\s*(?:(?:do(?:n't|\s+not)"
        r"\s+have|have\s+(?:no|not\s+got)|haven't\s+got|lack)\s+(?:(?:any|enough|sufficient|"
        r"specific|reliable|the|that|this|those|access\s+to|detailed|up-to-date|current|"
        r"real-time|more|further|relevant|concrete|verified|solid|such|exact|precise|"
        r"official|clear|much|accurate|information\s+on|an?|visibility\s+into|good|great|"
        r"definitive|straight|direct|firm|satisfying|helpful|useful|complete|full|proper|"
        r"confident|trustworthy|authoritative|definite|simple|quick|ready)\s+)*"
        r"(?:[a-z0-9-]+\s+){0,2}?(?:information|info|details?|data|knowledge|documentation|answers?|context|access|"
        r"visibility|specifics|figures?|numbers?|records?|insight|sources?|ability|capability|"
        r"examples?|code|snippets?|samples?|benchmarks?|"
        r"means|permission|way\s+(?:of|to)|guidance|advice|recommendations?)\b|(?:do(?:n't|\s+not)\s+have|have)\s+(?:anything|"
        r"nothing)\s+(?:on|about|for|regarding|to\s+share|useful|specific|reliable))",
    ),
    # I'm not finding anything …
    (
        "no_information",
        "i we i'm we're i've we've i'd we'd i'll we'll assistant",
        _SUBJ
        + r"(?:'m|\s+am|'re|\s+are)\s+(?:still\s+)?not\s+(?:finding|seeing|getting|locating)\s+"
        r"(?:any|anything|much|information|details|a\s+mention|mention|results|an\s+answer)\b",
    ),
    # I'm not aware of any …
    (
        "no_information",
        "i we i'm we're i've we've i'd we'd i'll we'll assistant",
        # "I'm not aware of any limit" answers: only missing information is a refusal here.
        _SUBJ + r"(?:'m|\s+am|'re|\s+are)\s+(?:(?:not\s+aware|unaware)\s+of\s+(?:any|a|an|such)\s+"
        r"(?:[a-z-]+\s+){0,2}?(?:documentation|docs|information|info|details?|answers?|sources?|"
        r"mentions?|references?|data|guidance|articles?|pages?)\b|not\s+(?:familiar|comfortable)\s+with|"
        r"not\s+comfortable\s+(?:answering|sharing|providing|giving|discussing|commenting)|"
        r"not\s+(?:really\s+|quite\s+|probably\s+)?the\s+(?:right|best)\s+(?:person|resource|place|assistant|one)\s+(?:to|for))",
    ),
    # That's not really my thing / my area.
    (
        "scope",
        "not isn't aren't",
        r"(?:not|isn't|aren't)\s+(?:really\s+|quite\s+|exactly\s+)?(?:my|something\s+i\s+"
        r"(?:can|do))\s+(?:thing|area|specialty|speciality|forte|field|department|domain|"
        r"expertise|strength)\b",
    ),
    # I don't know (the answer / whether …).
    (
        "no_information",
        "i we i'm we're i've we've i'd we'd i'll we'll assistant",
        _SUBJ + r"\s+(?:really\s+|honestly\s+|simply\s+)?(?:do(?:n't|\s+not)|did(?:n't|\s+not))"
        r"\s+know\b(?!\s+(?:of\s+(?:a|an|any)\b|how\s+(?:much|many)\s+i)|"
        r"\s+(?:which|what|whether|if|how)\s+(?:\w+\s+){0,3}?(?:you|you're|your)\b)",
    ),
    # I couldn't find anything / I found no information …
    (
        "no_information",
        "i we i'm we're i've we've i'd we'd i'll we'll assistant",
        _SUBJ + r"\s+(?:found|find|see|have\s+found|could\s+find)\s+(?:no|nothing)\b"
        r"(?:\s+(?:relevant|specific|useful|reliable))*(?:\s+(?:information|details?|mention|"
        r"references?|documentation|data|answers?|records?|about|on|in|regarding|that))?",
    ),
    # The documentation doesn't say / mention / cover …
    (
        "no_information",
        _DOCS_GATE,
        r"\b" + _DOCS + _DOCS_REL + r"\s+(?:does(?:n't|\s+not)|do(?:n't|\s+not)|did(?:n't|\s+not)|"
        r"is(?:n't|\s+not)|are(?:n't|\s+not)|has(?:n't|\s+not)|have(?:n't|\s+not))\s+"
        r"(?:seem\s+to\s+|appear\s+to\s+|actually\s+|explicitly\s+|specifically\s+|clearly\s+)?"
        r"(?:say|mention|specify|state|cover|contain|include|address|describe|explain|provide|"
        r"discuss|list|indicate|give|document|tell|clarify|detail|answer|reference|define|"
        r"offer|go\s+into|touch\s+on|have)\b",
    ),
    (
        "no_information",
        _DOCS_GATE,
        r"\b" + _DOCS + r"\s+(?:is|are|seems?\s+to\s+be|appears?\s+to\s+be|remains?|stays?)\s+"
        r"(?:completely\s+|entirely\s+)?silent\b",
    ),
    (
        "no_information",
        _DOCS_GATE,
        r"\b" + _DOCS + _DOCS_REL + r"\s+(?:says|say|contains?|mentions?|has|have|gives?|offers?|"
        r"provides?|includes?|lists?)\s+"
        r"(?:nothing|no)\b",
    ),
    # Not covered / mentioned in the documentation; not documented.
    (
        "no_information",
        "isn't aren't wasn't weren't",
        r"(?:isn't|aren't|wasn't|weren't)\s+(?:(?:explicitly|specifically|clearly|actually)\s+)?"
        r"(?:(?:covered|mentioned|described|specified|documented|addressed|included|found|stated|"
        r"listed|explained|discussed)\b|(?:available|present|provided|given)\b(?=\s+(?:anywhere\s+)?"
        r"(?:in|by|within)\s+" + _DET + _DOCS + r"))(?:\s+(?:anywhere\s+)?"
        r"(?:in|by|within)\s+" + _DET + _DOCS + r")?",
    ),
    (
        "no_information",
        "not",
        r"\bnot\s+(?:(?:explicitly|specifically|clearly)\s+)?(?:covered|mentioned|described|"
        r"specified|documented|addressed|included|found|stated|available|listed|explained|"
        r"discussed|present|provided|given)\s+(?:anywhere\s+)?(?:in|by|within)\s+" + _DET + _DOCS,
    ),
    (
        "no_information",
        "nothing",
        r"nothing\s+(?:that\s+)?(?:i|we)\s+(?:can|could|am\s+able\s+to)\s+(?:find|say|share|tell\s+you|"
        r"add|offer|confirm)",
    ),
    (
        "no_information",
        "no",
        r"no\s+way\s+(?:for\s+me|for\s+us|i\s+can|we\s+can)\s+(?:to\s+)?(?:know|tell|check|verify|"
        r"confirm|find|see|say|answer)",
    ),
    (
        "no_information",
        "nothing",
        r"\bnothing\s+(?:(?:about|on|regarding|related\s+to|covering)\s+[^.!?;]{0,50}?\s)?"
        r"(?:in|within)\s+" + _DET + _DOCS + r"(?!\s+(?:\w+\s+)?(?:prevents?|stops?|forbids?|"
        r"prohibits?|blocks?|requires?|suggests?|says\s+(?:you|it)))",
    ),
    # Nothing I have access to covers that.
    (
        "no_information",
        "nothing",
        r"\bnothing\s+(?:that\s+)?(?:i|we)\s+(?:have|can|could|'ve|was|found|see|looked)[^.!?;]{0,25}?"
        r"\s(?:covers?|mentions?|addresses|answers?|says|explains?|describes?|documents|"
        r"touches\s+on|talks\s+about|speaks\s+to)\b",
    ),
    # There doesn't seem to be anything in the docs; there isn't any information on …
    (
        "no_information",
        "there there's",
        r"\bthere(?:'s|\s+is|\s+are)?\s*(?:(?:does(?:n't|\s+not)|do(?:n't|\s+not))\s+(?:seem|appear)\s+"
        r"to\s+be\s+(?:any(?:thing)?|much)\b(?:\s+(?:relevant|specific|useful|official|public|"
        r"documented))*\s+(?:information|info|details?|mention|documentation|data|answers?|"
        r"references?|records?|guidance|in|about|on|regarding|relevant|specific)\b|"
        r"(?:n't|\s+not)\s+(?:any|much|enough)\s+(?:\w+\s+)?(?:information|info|details|mention|"
        r"documentation|data|guidance)\b)",
    ),
    # I searched but came up empty; my search turned up nothing; I'm drawing a blank.
    (
        "no_information",
        "turned turn turns turning came come comes coming drawing draw drew drawn luck",
        r"\b(?:i|we|my|our)\b[^.!?;]{0,60}?\b(?:turn(?:ed|s|ing)?\s+up\s+(?:nothing|empty|dry|"
        r"no\s+(?:results|information|answers?|mention))|c[ao]mes?\s+up\s+(?:empty|empty-handed|"
        r"short|dry|with\s+nothing)|coming\s+up\s+(?:empty|short|dry|with\s+nothing)|"
        r"draw(?:ing|n)?\s+a\s+blank|drew\s+a\s+blank|(?:had|have)\s+no\s+luck\s+(?:finding|"
        r"locating|tracking))",
    ),
    # There is no information about …; no relevant information was found.
    (
        "no_information",
        "no",
        r"no\s+(?:(?:relevant|specific|reliable|available|"
        r"further|additional|such|clear|detailed|matching|good|useful)\s+)*(?:information|info|"
        r"details|mention|documentation|data|results?|answers?|matches)\s+(?:(?:is|are|was|were)\s+)?"
        r"(?:available|provided|given|found|included|about|on|regarding|for|of|in\s+(?:the|my|our)|"
        r"that\s+i|i\s+can|to\s+(?:this|that|your|the))",
    ),
    (
        "no_information",
        "information info detail",
        r"\b(?:that|this|the\s+requested|such|this\s+specific|that\s+specific|that\s+particular|"
        r"this\s+particular)\s+(?:information|detail|info)\s+(?:(?:isn't|is\s+not|wasn't|was\s+not)"
        r"\s+(?:available|(?:included|contained|covered|mentioned)\s+in|in\s+(?:the|my)|part\s+of|"
        r"something\s+i)|(?:is|was)\s+(?:unavailable|beyond|something\s+i\s+(?:can't|cannot|"
        r"can\s+not|couldn't|won't|don't|do\s+not|am\s+not|'m\s+not|have\s+no)))",
    ),
    ("no_information", "unclear", r"unclear\s+(?:from|in|based\s+on)\s+" + _DET + _DOCS),
    ("no_information", "not", r"not\s+clear\s+(?:from|in|based\s+on)\s+" + _DET + _DOCS),
    # Hedges: a refusal only when nothing else is said.
    (
        "hedge",
        "i we i'm we're i've we've i'd we'd i'll we'll assistant",
        _SUBJ
        + r"(?:'m|\s+am|'re|\s+are)\s+(?:not\s+(?:100\s*%\s+|completely\s+|entirely\s+|totally\s+|"
        r"quite\s+|fully\s+|absolutely\s+)?(?:sure|certain|confident)|unsure|"
        r"uncertain)\b",
    ),
    # Version 4, by structure. The assistant named in the third person: "this assistant can't
    # look into that", "not something this chat covers" (an action verb is a disclaimer).
    (
        "explicit",
        "assistant chat chatbot",
        r"\b(?:(?:this|the)\s+(?:assistant|chatbot)|this\s+chat)\s+(?:(?:really|simply|just|unfortunately)"
        r"\s+)?(?:can(?:no|')t|can\s+not|won't|will\s+not|doesn't|does\s+not|isn't\s+able\s+to|"
        r"is\s+not\s+able\s+to|is\s+unable\s+to)\s+[a-z]+",
    ),
    (
        "scope",
        "not isn't aren't",
        r"\b(?:not|isn't|aren't)\s+(?:really\s+)?(?:something|a\s+(?:question|topic|thing)|an\s+area)"
        r"\s+(?:that\s+)?(?:this|the)\s+(?:assistant|chat|chatbot|bot)\s+(?:can\s+)?(?:covers?|"
        r"handles?|answers?|knows?|helps?|deals?)\b",
    ),
    # Passive, with the place of the answer being the assistant: "that information isn't
    # available here", "not covered in what I have", "aren't handled by this assistant",
    # "isn't known to me", "aren't shared through this channel".
    (
        "no_information",
        "available known covered shared provided given handled answered discussed included "
        "disclosed listed mentioned unknown unavailable",
        r"\b(?:isn't|aren't|not|(?:can(?:no|')t|can\s+not|won't)\s+be|un)\s*"
        r"(?:(?:really|currently|something|anything|publicly)\s+)?"
        r"(?:available|known|covered|shared|provided|given|handled|answered|discussed|included|"
        r"disclosed|listed|mentioned)\s+(?:here\b(?!\s+(?:in|on|for|yet|until|at)\b)|to\s+me\b|(?:in|through|via|by|from|on|over|"
        r"with)\s+(?:this|the)\s+(?:chat|channel|assistant|chatbot|bot|conversation)\b|"
        r"in\s+what\s+(?:i|we)\s+(?:have|know|can\s+see|was\s+given)\b|in\s+(?:the\s+)?"
        r"(?:[a-z]+\s+){1,2}(?:i\s+have|available\s+to\s+me|i\s+was\s+given|i\s+can\s+see)\b)",
    ),
    # "I don't know if JSON export is planned", "I have no details on that", "I can't see
    # anything about …": a first-person limitation about information.
    (
        "no_information",
        _SUBJ_GATE,
        r"\b(?:i|we)\s+(?:really\s+|honestly\s+)?(?:don't|do\s+not|didn't)\s+(?:really\s+)?know\s+"
        r"(?:if|whether|what|when|which|how|why|where|about\s+(?:that|this|it))\b",
    ),
    (
        "no_information",
        _SUBJ_GATE,
        r"\b(?:i|we)(?:'ve|\s+have|\s+had|'d)?\s+(?:got\s+)?(?:no|nothing)\s+(?:(?:further|more|"
        r"specific|reliable|real|concrete)\s+)?(?:details?|data|specifics|information|info|"
        r"answer|knowledge|insight|to\s+go\s+on|to\s+share|to\s+offer)\b",
    ),
    ("hedge", "hard", r"hard\s+to\s+say\b"),
    # Not sure, sorry! (no subject, at the start of a clause)
    (
        "hedge",
        "not",
        r"^^not\s+(?:100\s*%\s+|entirely\s+|quite\s+|really\s+|completely\s+)?(?:sure|certain)\b",
    ),
    ("hedge", "no", r"no\s+idea\b"),
]

# --- German --------------------------------------------------------------------------------

_DE_VERB = (
    r"(?:helfen|weiterhelfen|beantworten|antworten|sagen|geben|beraten|unterstützen|"
    r"behilflich|äußern|mitteilen|finden|bereitstellen|auskunft|auskünfte|eingehen|nennen|"
    r"liefern|anbieten|bestätigen|teilen|machen|erteilen|empfehlen|weitergeben|herausgeben|"
    r"preisgeben|offenlegen|verraten|zeigen|einsehen|prüfen|weiterzugeben|anzugeben|mitzuteilen|"
    r"herauszugeben|preiszugeben|beurteilen|einschätzen|abschätzen|bearbeiten|erklären|nachsehen|"
    r"nachschauen|herausfinden|garantieren|zusagen|bewerten|kommentieren|übernehmen|"
    r"weiterleiten|beraten|erläutern|aussagen|angeben|versprechen)"
)
# "nicht oft genug sagen" is emphasis, not a refusal.
_DE_NEG = r"\b(?:nicht|keine|keinen|nichts)\b(?!\s+(?:\w+\s+)?genug\b)"
# Adverbs between the verb and the negation: "bin ich leider derzeit nicht in der Lage".
_DE_ADV = (
    r"(?:leider\s+|momentan\s+|derzeit\s+|aktuell\s+|hier\s+|da\s+|dafür\s+|hierfür\s+|so\s+|"
    r"wirklich\s+)*"
)
_DE: Final[list[tuple[str, str, str]]] = [
    (
        "explicit",
        "ich wir",
        r"\b(?:ich|wir)\s+(?:kann|darf|können|dürfen|werde|werden|bin|sind)\b[^.!?;]{0,60}?"
        + _DE_NEG
        + r"[^.!?;]{0,50}?\b"
        + _DE_VERB,
    ),
    (
        "explicit",
        "kann darf können dürfen werde",
        r"\b(?:kann|darf|können|dürfen|werde)\s+(?:ich|wir)\b[^.!?;]{0,60}?"
        + _DE_NEG
        + r"[^.!?;]{0,50}?\b"
        + _DE_VERB,
    ),
    (
        "explicit",
        "bin sind",
        r"\b(?:(?:ich|wir)\s+(?:bin|sind)|(?:bin|sind)\s+(?:ich|wir))\s+" + _DE_ADV + r"nicht\s+"
        r"(?:mehr\s+)?in\s+der\s+lage",
    ),
    (
        "explicit",
        "ich wir",
        r"(?:(?:ich|wir)\s+(?:bin|sind)|(?:bin|sind)\s+(?:ich|wir))\s+" + _DE_ADV + r"nicht\s+"
        r"(?:befugt|berechtigt|autorisiert|ermächtigt|zuständig|befähigt)",
    ),
    # Inverted order: "Dafür bin ich nicht zuständig", "Da bin ich überfragt".
    (
        "explicit",
        "bin sind",
        r"\b(?:bin|sind)\s+(?:ich|wir)\s+" + _DE_ADV + r"(?:nicht\s+(?:befugt|berechtigt|"
        r"autorisiert|ermächtigt|zuständig|befähigt)|überfragt)\b",
    ),
    (
        "no_information",
        "bin sind",
        r"\b(?:ich|wir)\s+(?:bin|sind)\s+" + _DE_ADV + r"überfragt\b",
    ),
    # Da muss ich leider passen.
    (
        "explicit",
        "muss müssen",
        r"\b(?:(?:muss|müssen)\s+(?:ich|wir)|(?:ich|wir)\s+(?:muss|müssen))\s+(?:\w+\s+){0,3}?passen\b",
    ),
    (
        "policy",
        "gegen verstößt",
        r"\b(?:gegen|verstößt\s+gegen)\s+(?:meine|unsere|die)\s+(?:richtlinien|regeln|vorgaben)",
    ),
    (
        "scope",
        "ich wir",
        r"\b(?:ich|wir)\s+(?:kann|darf|können|bin|sind)\s+(?:ihnen\s+|dir\s+|euch\s+)?"
        r"(?:leider\s+)?(?:nur|ausschließlich|lediglich)\b(?!\s+(?:empfehlen|raten|zustimmen|"
        r"betonen|gratulieren|danken)\b)[^.!?;]{0,60}?\b"
        r"(?:beantworten|helfen|auskunft|antworten|unterstützen|zuständig|da\s*(?:[.!?,;]|$))",
    ),
    (
        "scope",
        "ich wir",
        r"(?:ich|wir)\s+(?:beantworte|beantworten|helfe|helfen|bearbeite|bearbeiten)\s+(?:\S+\s+){0,2}?"
        r"(?:nur|ausschließlich|lediglich)\b",
    ),
    (
        "no_information",
        "steht",
        r"steht\s+(?:dazu\s+|darüber\s+|hierzu\s+)?(?:leider\s+)?(?:nichts|kein\s+wort)\s+in\s+"
        r"(?:der|den)\s+(?:dokumentation|doku|unterlagen|quellen|wissensdatenbank)",
    ),
    (
        "scope",
        "außerhalb jenseits",
        r"\b(?:außerhalb|jenseits)\s+(?:meines|meiner|dessen|des\s+bereichs|unseres)\b",
    ),
    (
        "scope",
        "liegt fällt gehört",
        r"\b(?:liegt|fällt|gehört)\s+(?:leider\s+)?nicht\s+(?:in|zu)\s+(?:meinen|meinem|meine)\b",
    ),
    (
        "no_information",
        "ich wir",
        r"\b(?:ich|wir)\s+(?:habe|haben)\s+(?:dazu\s+|darüber\s+|hierzu\s+)?(?:leider\s+)?"
        r"(?:keine[nrm]?|keinerlei|nicht\s+(?:genügend|genug|ausreichend)|zu\s+wenig)\s+"
        r"(?:\w+\s+)?(?:informationen|angaben|daten|details|kenntnisse|hinweise|zugriff|auskunft|"
        r"antwort|antworten|einblick|lösung|möglichkeit)",
    ),
    (
        "no_information",
        "dazu darüber hierzu hierüber",
        r"\b(?:dazu|darüber|hierzu|hierüber)\s+(?:habe\s+ich|haben\s+wir|liegen\s+(?:mir|uns))"
        r"\s+(?:leider\s+)?(?:keine[nrm]?|keinerlei)",
    ),
    (
        "no_information",
        "liegt liegen",
        r"(?:liegt|liegen)\s+(?:mir|uns)\s+(?:dazu\s+|darüber\s+|hierzu\s+|leider\s+|derzeit\s+)*"
        r"(?:nicht|keine|keinerlei)\b",
    ),
    (
        "no_information",
        "liegen",
        r"\bliegen\s+(?:mir|uns)\s+(?:dazu\s+|darüber\s+|hierzu\s+)?(?:leider\s+)?"
        r"(?:keine[nrm]?|keinerlei)",
    ),
    (
        "no_information",
        "dokumentation unterlagen doku kontext quellen wissensdatenbank",
        r"\b(?:dokumentation|unterlagen|doku|kontext|quellen|wissensdatenbank)\b[^.!?;]{0,40}?\b"
        r"(?:enthält|enthalten|sagt|sagen|erwähnt|erwähnen|nennt|nennen|beschreibt|gibt|geben|"
        r"macht|machen|steht|finde\s+ich)\b[^.!?;]{0,30}?\b(?:nichts|keine|keinerlei|nicht)\b",
    ),
    (
        "no_information",
        "nicht nirgends nirgendwo",
        r"\b(?:nicht|nirgends|nirgendwo)\s+(?:\w+\s+)?in\s+der\s+(?:dokumentation|doku|"
        r"wissensdatenbank)\s+(?:erwähnt|beschrieben|aufgeführt|dokumentiert|enthalten|"
        r"angegeben|zu\s+finden|finden)",
    ),
    (
        "no_information",
        "ich",
        r"\bich\s+(?:weiß|kenne)\s+(?:es\s+|das\s+|die\s+antwort\s+)?(?:leider\s+)?nicht\b"
        r"(?!\s+(?:\w+\s+)?(?:welche|welches|welchen|ob|wie)\s+(?:\S+\s+){0,3}?(?:sie|du|ihr|ihre|dein)\b)",
    ),
    (
        "no_information",
        "konnte konnten kann fand finde",
        r"(?:konnte|konnten|kann|fand|finde)\s+(?:ich|wir)\s+(?:dazu\s+|darüber\s+|hierzu\s+)?"
        r"(?:leider\s+)?(?:auch\s+)?(?:keine[nrm]?|keinerlei|nichts)\b",
    ),
    (
        "no_information",
        "weiß",
        r"weiß\s+ich\s+(?:leider\s+)?(?:auch\s+)?nicht\b",
    ),
    (
        "no_information",
        "habe haben",
        r"(?:habe|haben)\s+(?:ich|wir)\s+(?:dazu\s+|darüber\s+|hierzu\s+)?(?:leider\s+)?"
        r"(?:keine[nrm]?|keinerlei|nicht\s+(?:genügend|genug|ausreichend)|zu\s+wenig)\s+"
        r"(?:\w+\s+)?(?:informationen|angaben|daten|details|kenntnisse|hinweise|zugriff|auskunft|"
        r"antwort|antworten|lösung|möglichkeit)",
    ),
    (
        "no_information",
        "ich wir",
        r"\b(?:ich|wir)\s+(?:konnte|konnten|kann|finde|fand)\s+(?:dazu\s+|darüber\s+|hierzu\s+)?"
        r"(?:leider\s+)?(?:keine[nrm]?|keinerlei|nichts)\s+(?:\w+\s+)?(?:informationen|angaben|hinweise|"
        r"details|finden|dazu)",
    ),
    # Dazu finde ich in der Dokumentation nichts.
    (
        "no_information",
        "finde fand finden fanden sehe sah",
        r"\b(?:finde|fand|finden|fanden|sehe|sah)\s+(?:ich|wir)\s+(?:[^\s.!?;]+\s+){0,6}?"
        r"(?:nichts|keine[nrm]?|keinerlei)\b(?!\s+(?:falsch|auszusetzen|dagegen|besser)\w*)",
    ),
    # In der Dokumentation wird das nicht behandelt.
    (
        "no_information",
        "dokumentation unterlagen doku wissensdatenbank quellen kontext",
        r"\b(?:dokumentation|unterlagen|doku|wissensdatenbank|quellen|kontext)\b[^.!?;]{0,50}?\b"
        r"nicht\s+(?:\w+\s+)?(?:behandelt|erwähnt|beschrieben|dokumentiert|erklärt|abgedeckt|"
        r"aufgeführt|genannt|thematisiert|erläutert)\b",
    ),
    # Ob …, geht aus der mir vorliegenden Dokumentation nicht hervor.
    (
        "no_information",
        "geht",
        r"\bgeht\s+aus\s+(?:der|den|dem)\s+(?:\w+\s+){0,3}?(?:dokumentation|doku|unterlagen|quellen|"
        r"kontext|wissensdatenbank)\s+(?:\w+\s+){0,2}?nicht\s+hervor",
    ),
    ("hedge", "ich", r"\bich\s+bin\s+mir\s+(?:\w+\s+)?nicht\s+sicher\b"),
    ("hedge", "keine", r"keine\s+ahnung\b"),
    # Version 4: passive or third person ("liegt mir nicht vor", "dieser Assistent kann …
    # nicht", "hier nicht verfügbar", "ist mir nicht bekannt", "nicht in meinen Bereich").
    (
        "no_information",
        "mir",
        r"\b(?:liegt|liegen)\s+mir\s+(?:\w+\s+)?(?:nicht|keine)\b|\bist\s+mir\s+(?:leider\s+)?"
        r"nicht\s+bekannt\b|\bsind\s+mir\s+(?:leider\s+)?nicht\s+bekannt\b",
    ),
    (
        "explicit",
        "assistent chatbot",
        r"\b(?:dieser\s+(?:assistent|chatbot)\s+(?:kann|darf|hat|weiß)|(?:kann|darf|hat|"
        r"weiß)\s+dieser\s+(?:assistent|chatbot))\s+(?:\w+\s+){0,4}?"
        r"(?:nicht|nichts|keine|keinen)\b",
    ),
    (
        "no_information",
        "hier verfügbar",
        r"\b(?:hier|in\s+diesem\s+chat)\s+nicht\s+(?:verfügbar|bekannt|abrufbar)\b|\bnicht\s+"
        r"(?:hier|in\s+diesem\s+chat)\s+verfügbar\b",
    ),
    (
        "scope",
        "meinen meinem",
        r"\bnicht\s+in\s+mein(?:en|em)\s+(?:bereich|zuständigkeitsbereich)\b",
    ),
]

# --- French --------------------------------------------------------------------------------

_FR_VERB = (
    r"(?:aider|répondre|fournir|donner|partager|conseiller|commenter|trouver|traiter|discuter|"
    r"renseigner|assister|préciser|confirmer|dire|communiquer|apporter|accéder|divulguer|"
    r"garantir|vous\s+aider|t'aider|recommander|(?:me\s+)?prononcer|m'avancer|m'exprimer|spéculer|"
    r"consulter|vérifier|traiter|indiquer|expliquer|transmettre)"
)
_FR: Final[list[tuple[str, str, str]]] = [
    (
        "explicit",
        "je nous",
        r"\b(?:je|nous)\s+ne\s+(?:peux|pourrai|pourrais|puis|saurais|vais|veux|suis|sommes|"
        r"pouvons)\s+(?:pas\s+|malheureusement\s+pas\s+|hélas\s+pas\s+)?(?:en\s+mesure\s+(?:de|d')"
        r"\s*)?(?:vous\s+|te\s+|t'|y\s+|en\s+|l'|le\s+|les\s+|la\s+)*(?:pas\s+)?" + _FR_VERB,
    ),
    (
        "explicit",
        "je nous",
        r"\b(?:je|nous)\s+(?:ne\s+|n')?(?:suis|sommes)\s+(?:malheureusement\s+|hélas\s+|vraiment\s+|"
        r"actuellement\s+)?pas\s+(?:\w+\s+)?(?:en\s+mesure|autorisée?s?|habilitée?s?|capables?)",
    ),
    # Je n'ai pas la possibilité de …; je préfère ne pas me prononcer.
    (
        "explicit",
        "je nous",
        r"\b(?:je|nous)\s+(?:n'(?:ai|avons)\s+(?:malheureusement\s+|hélas\s+)?(?:pas|aucun(?:e)?)\s+"
        r"(?:la\s+possibilité|le\s+droit|l'autorisation|les\s+moyens|moyen|accès)|"
        r"(?:préfère|préférons|préférerais|dois|vais|me\s+vois\s+contraint)\s+(?:de\s+)?"
        r"ne\s+pas\s+(?:me\s+prononcer|m'avancer|m'exprimer|spéculer|commenter|répondre))",
    ),
    (
        "explicit",
        "impossible",
        r"\bimpossible\s+(?:pour\s+moi\s+)?de\s+(?:vous\s+)?(?:répondre|aider)",
    ),
    (
        "policy",
        "contraire contre",
        r"\b(?:contraire|contre)\s+(?:à\s+)?(?:mes|nos)\s+(?:règles|directives|consignes)",
    ),
    (
        "scope",
        "je nous",
        r"\b(?:je|nous)\s+ne\s+(?:peux|pouvons)\s+(?:répondre|aider|traiter|parler|discuter|"
        r"renseigner)\s+(?:\S+\s+){0,2}?(?:que|qu')|(?:je|nous)\s+ne\s+(?:peux|pouvons|suis|sommes)\s+"
        r"(?:\S+\s+){0,2}?(?:que|qu')\s*(?:répondre|aider|traiter|parler|discuter|là\s+pour|"
        r"(?:aux|à\s+des)\s+questions)",
    ),
    (
        "scope",
        "je nous",
        r"\b(?:je|nous)\s+(?:peux|pouvons|suis|sommes)\s+(?:là\s+pour\s+)?(?:seulement|uniquement)"
        r"\s+(?:\w+\s+|d'){0,4}?(?:répondre|aider|traiter|là)",
    ),
    (
        "scope",
        "sort sortent sortir hors en dépasse dépassent",
        r"\b(?:(?:sort|sortent|sortir|hors|en\s+dehors)\s+(?:du|de\s+mon|de\s+mes|de\s+ma|de\s+notre)"
        r"|dépasse(?:nt)?\s+(?:le|mon|mes|ma|notre))\s+(?:cadre|champ|domaine|périmètre|compétences?|rôle)",
    ),
    (
        "no_information",
        "je nous",
        r"\b(?:je|nous)\s+n'(?:ai|avons)\s+(?:pas|aucune?|trouvé\s+aucune?|malheureusement\s+pas|"
        r"hélas\s+pas)\s+(?:(?:assez|suffisamment|de|d'|les|l'|d'autres|plus)\s*)*"
        r"(?:informations?|détails?|données|éléments?|réponses?|accès|précisions?|connaissances?|"
        r"renseignements?|trace|mentions?|références?|documentation)",
    ),
    # Je n'ai rien trouvé à ce sujet.
    (
        "no_information",
        "je nous",
        r"\b(?:je|nous)\s+n'(?:ai|avons)\s+(?:malheureusement\s+|hélas\s+)?rien\s+(?:pu\s+)?"
        r"(?:trouvé|trouver|vu|voir|repéré)",
    ),
    (
        "no_information",
        "je nous",
        r"\b(?:je|nous)\s+ne\s+(?:dispose|disposons|trouve|trouvons)\s+(?:pas|d'aucune?|"
        r"malheureusement\s+pas)\s+(?:(?:de|d'|des|suffisamment\s+d'|assez\s+d')\s*)?"
        r"(?:\w+\s+)?(?:informations?|données|détails?|éléments?|réponses?|mention)",
    ),
    (
        "no_information",
        "ne n'",
        r"\b(?:documentation|contexte|sources?|base\s+de\s+connaissances|documents?|ressources|pages)"
        r"\b[^.!?;]{0,40}?\bne\s+(?:le\s+|l'|en\s+|les\s+)?(?:précis|mentionn|di[st]|indiqu|conti|"
        r"couvr|donn|fourni|trait|décri|parl|abord|évoqu|spécifi)[a-z]*\s*(?:pas|rien|aucune?)",
    ),
    (
        "no_information",
        "ne n'est n'apparaît n'y",
        r"(?:ne\s+|n')(?:figure|se\s+trouve|est|sont|semble|apparaît|y\s+a)\s+pas\s+(?:\w+\s+){0,2}?dans\s+"
        r"(?:la\s+documentation|le\s+contexte|les\s+sources|la\s+base\s+de\s+connaissances)",
    ),
    (
        "no_information",
        "je nous",
        r"(?:je|nous)\s+ne\s+(?:trouve|trouvons|vois|voyons|dispose|disposons|connais)\s+"
        r"(?:malheureusement\s+|hélas\s+)?(?:rien|aucune?)\b",
    ),
    (
        "explicit",
        "ne",
        r"ne\s+pas\s+(?:pouvoir|être\s+en\s+mesure\s+de|être\s+en\s+mesure\s+d')\s*"
        r"(?:vous\s+|te\s+|t'|y\s+|en\s+|l'|le\s+|les\s+|la\s+)*" + _FR_VERB,
    ),
    (
        "no_information",
        "cette ces",
        r"(?:cette|ces)\s+(?:informations?|précisions?|données)\s+(?:n'est|ne\s+sont|n'existe|"
        r"n'existent|ne\s+figure|ne\s+figurent)\s+pas\s+(?:disponibles?|dans|mentionnées?|"
        r"documentées?|précisées?)",
    ),
    (
        "no_information",
        "je",
        r"\bje\s+ne\s+(?:le\s+)?sais\s+pas\b(?!\s+(?:quel|quelle|quels|quelles|si|comment|ce\s+que)"
        r"\s+(?:\S+\s+){0,3}?(?:vous|tu|votre|ton|ta|vos|tes)\b)",
    ),
    ("hedge", "je", r"\bje\s+ne\s+suis\s+pas\s+(?:sûre?|certaine?)\b"),
    ("hedge", "aucune", r"aucune\s+idée\b"),
    # Version 4: passive or third person ("n'est pas disponible ici", "cet assistant ne peut
    # pas", "je ne saurais pas vous dire").
    (
        "no_information",
        "disponible disponibles",
        r"\bpas\s+disponibles?\s+(?:ici|dans\s+ce\s+(?:chat|canal))\b",
    ),
    (
        "explicit",
        "assistant chatbot",
        r"\b(?:cet\s+assistant|ce\s+chatbot)\s+ne\s+(?:peut|sait|dispose|couvre|traite)\b",
    ),
    (
        "no_information",
        "saurais",
        r"\bje\s+ne\s+(?:le\s+)?saurais\s+(?:pas\s+)?(?:vous\s+)?(?:dire|répondre)\b",
    ),
]

# --- Spanish -------------------------------------------------------------------------------

_ES_VERB = (
    r"(?:ayudar(?:te|le|les)?|responder(?:te|le)?|contestar(?:te|le)?|proporcionar(?:te|le)?|"
    r"dar(?:te|le)?|ofrecer(?:te|le)?|compartir|asesorar(?:te|le)?|comentar|encontrar|"
    r"facilitar(?:te|le)?|brindar(?:te|le)?|aconsejar(?:te|le)?|indicar(?:te|le)?|confirmar|"
    r"decir(?:te|le)?|atender|asistir(?:te|le)?|hablar|recomendar|garantizar|precisar)"
)
_ES: Final[list[tuple[str, str, str]]] = [
    (
        "explicit",
        "no",
        r"\bno\s+(?:(?:lo|la|los|las|le|les|te|se|me)\s+)?(?:puedo|podré|podría|pude|"
        r"soy\s+capaz\s+de|estoy\s+en\s+(?:condiciones|posición|"
        r"disposición)\s+de|me\s+es\s+posible|logro|logré|estoy\s+autorizad[oa]\s+(?:a|para)|"
        r"tengo\s+permitido|me\s+está\s+permitido|se\s+me\s+permite|debo|podemos|sabría|sabríamos)"
        r"(?!\s+(?:dejar\s+de|sino|más\s+que|menos\s+que|evitar)\b)\s+(?:\w+\s+){0,2}?"
        + _ES_VERB
        + r"(?!(?:\s+\S+){0,3}?\s+(?:lo\s+suficiente|suficientemente)\b)",
    ),
    # No tengo forma de consultar …
    (
        "explicit",
        "no",
        r"\bno\s+(?:tengo|tenemos)\s+(?:\w+\s+)?(?:forma|manera|modo|posibilidad|permiso|"
        r"autorización)\s+de\b",
    ),
    (
        "policy",
        "contra va viola",
        r"\b(?:contra|va\s+en\s+contra\s+de|viola)\s+(?:mis|nuestras|las)\s+"
        r"(?:políticas|normas|directrices|pautas)",
    ),
    (
        "scope",
        "solo sólo únicamente solamente",
        r"\b(?:solo|sólo|únicamente|solamente)\s+(?:puedo|podemos|estoy\s+(?:aquí|diseñad[oa])"
        r"\s+para|tengo\s+permitido)\s+(?:\w+\s+){0,2}?(?:responder|ayudar|atender|hablar|"
        r"contestar|asistir|tratar)",
    ),
    (
        "scope",
        "está queda cae se están quedan escapa escapan excede exceden sobrepasa sobrepasan",
        r"\b(?:(?:está|queda|cae|se\s+sale|están|quedan)\s+fuera\s+(?:de\s+(?:mi|lo\s+que|mis|nuestro)|"
        r"del\s+(?:alcance|ámbito))|(?:escapan?|exceden?|sobrepasan?)\s+(?:de\s+)?(?:lo\s+que\s+"
        r"(?:puedo|podemos|sé)|mi\s+(?:ámbito|alcance|conocimiento|función)|mis\s+(?:funciones|"
        r"capacidades|conocimientos)|del\s+(?:alcance|ámbito)))",
    ),
    (
        "no_information",
        "no",
        r"\bno\s+(?:tengo|tenemos|dispongo\s+de|disponemos\s+de|cuento\s+con|encontré|encuentro|"
        r"he\s+encontrado|hallé|di\s+con|doy\s+con|he\s+dado\s+con|hemos\s+encontrado)\s+(?:nada\b|ningún\b|ninguna\b|(?:\w+\s+){0,2}?(?:información|datos|"
        r"detalles|respuesta|acceso|referencias?|menciones?|constancia))",
    ),
    (
        "no_information",
        "no",
        r"\bno\s+hay\s+(?:\w+\s+){0,2}?(?:información|datos|detalles|mención|referencias?)\s+"
        r"(?:sobre|acerca|disponibles?|al\s+respecto|en\s+la\s+documentación|de\s+(?:eso|esto))",
    ),
    (
        "no_information",
        "documentación contexto fuente fuentes base",
        r"\b(?:documentación|contexto|fuentes?|base\s+de\s+conocimiento)\b[^.!?;]{0,30}?\bno\s+"
        r"(?:lo\s+|la\s+|los\s+|las\s+|se\s+)?(?:menciona|dice|especifica|indica|incluye|contiene|"
        r"cubre|aclara|detalla|habla|trata|describe|recoge|explica|precisa)",
    ),
    (
        "no_information",
        "no",
        r"\bno\s+(?:aparece|figura|se\s+menciona|está\s+documentad[oa]|se\s+especifica|"
        r"se\s+indica|está|están|viene|consta|se\s+encuentra|se\s+recoge|se\s+trata)\s+"
        r"(?:\w+\s+){0,2}?en\s+(?:la\s+documentación|el\s+contexto|las\s+fuentes|"
        r"la\s+base\s+de\s+conocimiento|mis\s+fuentes|los\s+documentos)",
    ),
    (
        "no_information",
        "no",
        r"\bno\s+(?:lo\s+)?sé\b(?!\s+(?:qué|cuál|cuáles|si|cómo)\s+(?:\S+\s+){0,3}?"
        r"(?:usas|usa|utilizas|tienes|tu|tus|su|sus|usted)\b)",
    ),
    ("hedge", "no", r"\bno\s+estoy\s+segur[oa]\b"),
    ("hedge", "ni", r"ni\s+idea\b"),
    # Version 4: passive or third person ("no está disponible por aquí", "este asistente no
    # puede", "no tengo datos sobre eso").
    (
        "no_information",
        "está están",
        r"\bno\s+(?:está|están)\s+disponibles?\s+(?:por\s+)?(?:aquí|en\s+este\s+(?:chat|canal))\b",
    ),
    (
        "explicit",
        "asistente chat",
        r"\beste\s+(?:asistente|chat)\s+no\s+(?:puede|sabe|tiene|cubre|trata)\b",
    ),
    (
        "no_information",
        "tengo",
        r"\bno\s+tengo\s+(?:\w+\s+)?(?:datos|detalles|información|respuesta)\s+(?:sobre|de|acerca)\b",
    ),
]

#: Every pattern, as (kind, language, gate words, regex source), on :func:`normalise`d text.
#: A pattern is tried only when the text holds one of its gate words: most answers hold
#: none, and the scorer stays within microseconds.
PATTERNS: Final[list[tuple[str, str, str, str]]] = [
    *((k, "en", g, p) for k, g, p in _EN),
    *((k, "de", g, p) for k, g, p in _DE),
    *((k, "fr", g, p) for k, g, p in _FR),
    *((k, "es", g, p) for k, g, p in _ES),
]


@dataclass(frozen=True, slots=True)
class PhraseGroup:
    """Patterns that share gate words, compiled into one regex with a group per pattern.

    Group names are ``<kind>_<n>``; a match's ``lastgroup`` names its kind.
    ``clause_start`` names the groups whose match must begin a clause (a source
    written with a leading ``^^``: "Can't help with that", "… and can't help").
    """

    gate: frozenset[str]
    regex: re.Pattern[str]
    clause_start: frozenset[str] = frozenset()


_CLAUSE_END = re.compile(r"(?:^|[.!?;,:\u2014(\"-]|\b(?:and|so|but|sorry|unfortunately))\s*$")


def starts_clause(low: str, start: int) -> bool:
    """Whether position ``start`` of ``low`` begins a clause (or follows "and", "so", "but")."""
    return _CLAUSE_END.search(low, max(0, start - 16), start) is not None


def _strip_boundary(source: str) -> str:
    # A leading \b stops the regex engine from skipping ahead by the pattern's first
    # character; the scorer checks the word boundary at the start of a match itself.
    return source[2:] if source.startswith(r"\b") else source


#: Shared starts of patterns: patterns with the same gate and start are tried as one regex.
_ANCHORS: Final = (_SUBJ[2:], _DOCS, r"(?:ich|wir)", r"(?:je|nous)", r"no\s+")


def compile_phrases(extra: Sequence[str] = ()) -> tuple[list[PhraseGroup], re.Pattern[str] | None]:
    """The phrase groups, and one ungated regex of ``extra`` (kind ``custom``) if any.

    ``extra`` are a deployment's own refusal wordings, as regular expressions.
    """
    buckets: dict[tuple[str, str], list[str]] = {}
    clause_start: set[str] = set()
    for i, (kind, _, gate, source) in enumerate(PATTERNS):
        if source.startswith("^^"):
            clause_start.add(f"{kind}_{i}")
            source = source[2:]
        source = _strip_boundary(source)
        anchor = next((a for a in _ANCHORS if source.startswith(a)), "")
        rest = source[len(anchor) :] if anchor else source
        key = (gate, anchor) if anchor else (gate, f"#{i}")
        buckets.setdefault(key, []).append(f"(?P<{kind}_{i}>{rest})")
    groups = []
    for (gate, anchor), parts in buckets.items():
        prefix = "" if anchor.startswith("#") else anchor
        source = prefix + "(?:" + "|".join(parts) + ")" if prefix else "|".join(parts)
        names = frozenset(n for n in clause_start if f"(?P<{n}>" in source)
        groups.append(PhraseGroup(frozenset(gate.split()), re.compile(source), names))
    custom = (
        re.compile("|".join(f"(?P<custom_{i}>{p})" for i, p in enumerate(extra))) if extra else None
    )
    return groups, custom


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
    adjust configure set activate deactivate revoke rotate add create"""
ACTION_VERBS: Final[frozenset[str]] = frozenset(_ACTION_VERBS_TEXT.split())
#: "for you", "on your behalf", "your account": what marks an action on the user's behalf.
ACTION_MARK: Final[re.Pattern[str]] = re.compile(
    r"\b(?:for\s+you\b|on\s+your\s+behalf|from\s+(?:this|the|here\s+in\s+the)\s+(?:chat|conversation)"
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
    r"writ(?:e|ing)\s+to|call(?:ing)?|report(?:ing)?\s+(?:it|this|that)|"
    r"(?:open|fil|submit|rais|creat|log)(?:e|ing)?\s+(?:a|an)\s+(?:new\s+)?(?:support\s+)?"
    r"(?:ticket|case|request))"
)
_ROUTE_TO = (
    r"(?:support|sales|team|us|admin|admins|administrator|owner|manager|lawyer|attorney|counsel|"
    r"accountant|advis[eo]r|expert|vendor|provider|professional|specialist|help\s*desk|"
    r"department|billing|someone|them|engineer|engineers|rep|representative|security|legal|"
    r"finance|it|csm|person|people|contact|success|forum|forums|community|communities)"
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
    # They'll be able to help with this.
    r"(?:they|the\s+team|our\s+team|support)(?:'ll|\s+will|\s+can|\s+should)\s+(?:be\s+able\s+to\s+)?"
    r"(?:help|assist)(?:\s+you)?(?:\s+(?:with|further)(?:\s+(?:this|that|it))?)?",
    # Parenthesised paths say where, not what: (Help > Contact Support).
    r"\([^)]{0,60}\)",
)
#: A clause that is routing or hedging as a whole: "This is best handled by our support team",
#: "Your admin would be the right person to ask", "It depends on your setup".
ROUTE_CLAUSE: Final[re.Pattern[str]] = re.compile(
    r"\b(?:(?:best|better)\s+handled\s+by|(?:right|best|better|appropriate|ideal)\s+(?:person|"
    r"people|team|place|contact|ones?|resource)s?\s+(?:to|for)|(?:a\s+question|something|one)\s+"
    r"for\s+(?:your|the|our)|it\s+(?:really\s+|all\s+)?depends|(?:hard|difficult)\s+to\s+"
    r"(?:say|tell)|wenden\s+sie\s+sich|veuillez\s+(?:contacter|vous\s+adresser)|merci\s+de\s+"
    r"contacter|contacta|contacte|contactar|ponte\s+en\s+contacto|póngase\s+en\s+contacto|"
    r"comunícate)\b"
)
#: An e-mail address, a web address or a domain: where to go, not an answer.
ADDRESS: Final[re.Pattern[str]] = re.compile(r"\S*@\S*|\S*://\S*|[\w-]+(?:\.[\w-]+)+/?")
#: Words one of which an answer must hold to be tried as redirect- or hedge-only.
_ROUTE_GATE_TEXT = """
    contact contacting reach reaching touch ticket ticket. ask asking email e-mail emailing
    talk talking speak speaking consult consulting handled person people depends depends.
    depends, verify confirm clarify question report wenden contacter adresser contacta contacte
    contactar contacto kontaktieren"""
ROUTE_GATE: Final[frozenset[str]] = frozenset(_ROUTE_GATE_TEXT.split())
#: A routing verb somewhere: only then is an answer tried as redirect-only.
ROUTE: Final[re.Pattern[str]] = re.compile(
    r"\b(?:contact(?:ing)?|reach(?:ing)?\s+out|reach\s+them|get(?:ting)?\s+in\s+touch|tickets?|"
    r"ask|asking|e-?mail(?:ing)?|talk(?:ing)?\s+to|speak(?:ing)?\s+(?:to|with)|check(?:ing)?\s+with|"
    r"consult(?:ing)?|handled\s+by|right\s+person|depends|(?:verify|confirm|clarify)\s+with|"
    r"right\s+people|right\s+team|question\s+for|wenden|contacter|adresser|contacta|contacte|"
    r"contactar|contacto|kontaktieren)\b"
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
