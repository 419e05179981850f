"""English refusal patterns: (kind, gate words, regex source) on normalised text."""

from __future__ import annotations

from typing import Final

from ._refusal_grammar import (
    _ADV,
    _DET,
    _DOCS,
    _DOCS_GATE,
    _DOCS_REL,
    _I_NEG,
    _INFO_VERB,
    _NEG,
    _SCOPE_TAIL,
    _SUBJ,
    _SUBJ_GATE,
    _VERB,
)

EN_PATTERNS: Final[list[tuple[str, str, str]]] = [
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
        r"(?:(?:mentioned|described|specified|documented|addressed|stated|explained|discussed)\b|"
        # "isn't covered", "isn't included" alone are product rules ("Wear and tear isn't covered").
        r"(?:available|present|provided|given|covered|included|found|listed)\b(?=\s+(?:anywhere\s+)?"
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
