"""German, French and Spanish refusal patterns: (kind, gate words, regex source)."""

from __future__ import annotations

from typing import Final

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
# Any character up to the end of the clause: "…, aber so geht es: Prüfen Sie …" is another one.
_DE_SAME_CLAUSE = r"(?:(?!\b(?:aber|sondern|jedoch)\b)[^.!?;:])"
DE_PATTERNS: Final[list[tuple[str, str, str]]] = [
    (
        "explicit",
        "ich wir",
        r"\b(?:ich|wir)\s+(?:kann|darf|können|dürfen|werde|werden|bin|sind)\b[^.!?;]{0,60}?"
        + _DE_NEG
        + _DE_SAME_CLAUSE
        + r"{0,50}?\b"
        + _DE_VERB,
    ),
    (
        "explicit",
        "kann darf können dürfen werde",
        r"\b(?:kann|darf|können|dürfen|werde)\s+(?:ich|wir)\b[^.!?;]{0,60}?"
        + _DE_NEG
        + _DE_SAME_CLAUSE
        + r"{0,50}?\b"
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
        r"(?:nichts|keine[nrm]?|keinerlei|(?:leider\s+)?nicht(?=\s*(?:[.!?;,]|$)))\b"
        r"(?!\s+(?:falsch|auszusetzen|dagegen|besser)\w*)",
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
    ("hedge", "ich", r"\b(?:da|hier|dabei)\s+bin\s+ich\s+mir\s+(?:\w+\s+)?nicht\s+sicher\b"),
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
FR_PATTERNS: Final[list[tuple[str, str, str]]] = [
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
ES_PATTERNS: Final[list[tuple[str, str, str]]] = [
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
