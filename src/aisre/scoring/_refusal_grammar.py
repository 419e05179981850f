"""Shared pieces of refusal language: normalisation, weights, and English fragments.

The English patterns (:mod:`._refusal_en`) are built from these fragments, and the
phrase compiler (:mod:`._refusal_phrases`) anchors groups of patterns on some of them.
"""

from __future__ import annotations

from typing import Final

KIND_WEIGHTS: Final[dict[str, float]] = {
    "explicit": 0.95,
    "policy": 0.95,
    "scope": 0.9,
    "no_information": 0.9,
    "custom": 0.9,
    "redirect": 0.85,
    "limitation": 0.8,
    "disclaimer": 0.7,
    "question": 0.6,
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
