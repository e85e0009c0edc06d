"""The default flag catalogues, in English and in French, from the essay.

The flags come from the essay "Comment savoir si un client convient à la collaboration ?",
as summarised in the product brief under "Default catalogue (from the essay)": twelve green
flags and ten red flags in six categories, weighted 3, or 4 for boundaries, transparency
and expectations.

This module is plain data. A data migration imports it to create the default catalogues,
so it must never import Django models (or anything that does): a migration has to work
with the historical models it is given, and it must keep giving the same result whatever
the models look like later.

For the same reason, changing these catalogues later (a new flag, another weight, a better
wording) needs a new data migration that applies the change; never edit the old migration,
and keep in mind that databases which already ran it will not see an edit of this file.

Both catalogues list the same flags, in the same order, with the same keys, polarities,
categories and weights, so a client scores identically in either language; only the label
and the description differ. The keys are stable identifiers that other code relies on
(``respects-boundaries`` and ``crosses-boundaries`` in particular).

``CATEGORY_LABELS`` and ``BREEDS`` are the source text of labels that the interface also
marks for translation with gettext.
"""

GREEN = "green"
RED = "red"

CATEGORIES = (
    "communication",
    "collaboration",
    "motivation",
    "boundaries",  # shown as "Respect & boundaries"
    "feedback",
    "rapport",
)

CATEGORY_LABELS = {
    "communication": {"en": "Communication", "fr": "Communication"},
    "collaboration": {"en": "Collaboration", "fr": "Collaboration"},
    "motivation": {"en": "Motivation", "fr": "Motivation"},
    "boundaries": {"en": "Respect & boundaries", "fr": "Respect et limites"},
    "feedback": {"en": "Feedback", "fr": "Retours"},
    "rapport": {"en": "Rapport", "fr": "Entente"},
}

DEFAULT_CATALOGUES = {
    "en": {
        "name": "Default",
        "description": (
            "The green and red flags from the essay on how to tell whether a client is a good "
            "fit to work with."
        ),
        "flags": [
            # Communication
            {
                "key": "communicates-clearly",
                "label": "Communicates clearly",
                "description": (
                    "States needs, decisions and constraints plainly, so you never have to "
                    "guess what they mean."
                ),
                "polarity": GREEN,
                "category": "communication",
                "weight": 3,
            },
            {
                "key": "listens-with-empathy",
                "label": "Listens with empathy",
                "description": (
                    "Hears your concerns and ideas out, asks follow-up questions and takes "
                    "your point of view into account."
                ),
                "polarity": GREEN,
                "category": "communication",
                "weight": 3,
            },
            {
                "key": "raises-doubts-early",
                "label": "Raises doubts early and openly",
                "description": (
                    "Brings up doubts and problems as soon as they appear, calmly and without "
                    "looking for someone to blame."
                ),
                "polarity": GREEN,
                "category": "communication",
                "weight": 4,
            },
            {
                "key": "emotionally-reactive",
                "label": "Emotionally reactive",
                "description": (
                    "Takes questions or disagreement personally: a simple remark sets off "
                    "anger, defensiveness or sulking."
                ),
                "polarity": RED,
                "category": "communication",
                "weight": 3,
            },
            {
                "key": "miscommunication",
                "label": "Misunderstandings and miscommunication",
                "description": (
                    "Messages get lost or are read differently by each side, and you often "
                    "have to explain again or correct course."
                ),
                "polarity": RED,
                "category": "communication",
                "weight": 3,
            },
            {
                "key": "hides-problems",
                "label": "Hides doubts or problems until late",
                "description": (
                    "Keeps concerns to themselves until they blow up, often near a deadline "
                    "or at delivery."
                ),
                "polarity": RED,
                "category": "communication",
                "weight": 4,
            },
            # Collaboration
            {
                "key": "win-win",
                "label": "Win-win mindset",
                "description": (
                    "Looks for arrangements that work for both sides and cares that the deal "
                    "is fair to you too."
                ),
                "polarity": GREEN,
                "category": "collaboration",
                "weight": 3,
            },
            {
                "key": "collaborative-negotiation",
                "label": "Collaborative negotiation style",
                "description": (
                    "Settles scope, price and timing by exploring options together, not by "
                    "pressure or ultimatums."
                ),
                "polarity": GREEN,
                "category": "collaboration",
                "weight": 3,
            },
            {
                "key": "we-attitude",
                "label": '"We" attitude',
                "description": (
                    'Talks about "our" project and shared goals, and treats you as part of '
                    "the team."
                ),
                "polarity": GREEN,
                "category": "collaboration",
                "weight": 3,
            },
            {
                "key": "inconsistent-expectations",
                "label": "Inconsistent or shifting expectations",
                "description": (
                    "Goals, priorities or what counts as done change without anyone saying "
                    "so, or contradict what was agreed."
                ),
                "polarity": RED,
                "category": "collaboration",
                "weight": 4,
            },
            {
                "key": "boss-subordinate",
                "label": "Boss–subordinate or transactional dynamic",
                "description": (
                    "Gives orders and expects them carried out; you are a pair of hands paid "
                    "by the task, not a partner."
                ),
                "polarity": RED,
                "category": "collaboration",
                "weight": 3,
            },
            {
                "key": "win-lose-haggling",
                "label": "Win-lose haggling",
                "description": (
                    "Treats every point as a contest: squeezes the price, asks for extras for "
                    "free and keeps count of concessions."
                ),
                "polarity": RED,
                "category": "collaboration",
                "weight": 3,
            },
            # Motivation
            {
                "key": "as-motivated",
                "label": "As motivated as I am",
                "description": (
                    "Cares as much as you do about solving the problem and building something "
                    "meaningful: comes prepared and follows through."
                ),
                "polarity": GREEN,
                "category": "motivation",
                "weight": 3,
            },
            {
                "key": "less-motivated",
                "label": "Less motivated than me",
                "description": (
                    "You are the one pushing: slow answers, missed meetings, little interest "
                    "in the outcome."
                ),
                "polarity": RED,
                "category": "motivation",
                "weight": 3,
            },
            # Respect & boundaries
            {
                "key": "respects-boundaries",
                "label": "Respects my boundaries",
                "description": (
                    "Keeps to the agreed scope, hours and channels, and accepts a no without "
                    "pushing."
                ),
                "polarity": GREEN,
                "category": "boundaries",
                "weight": 4,
            },
            {
                "key": "professional-polite",
                "label": "Professional and polite",
                "description": (
                    "Is punctual, courteous and reliable in tone and manners, even under pressure."
                ),
                "polarity": GREEN,
                "category": "boundaries",
                "weight": 3,
            },
            {
                "key": "crosses-boundaries",
                "label": "Crosses my boundaries",
                "description": (
                    "Calls or writes outside the agreed hours, adds work beyond the scope or "
                    "ignores a no."
                ),
                "polarity": RED,
                "category": "boundaries",
                "weight": 4,
            },
            {
                "key": "impolite",
                "label": "Impolite or unprofessional",
                "description": (
                    "Is curt or dismissive, misses meetings without notice or makes "
                    "disrespectful remarks about you or others."
                ),
                "polarity": RED,
                "category": "boundaries",
                "weight": 3,
            },
            # Feedback
            {
                "key": "asks-for-help",
                "label": "Asks for help when needed",
                "description": (
                    "Says when they are stuck or out of their depth and asks, instead of "
                    "guessing or letting things slide."
                ),
                "polarity": GREEN,
                "category": "feedback",
                "weight": 3,
            },
            {
                "key": "constructive-feedback",
                "label": "Gives detailed, constructive feedback",
                "description": (
                    "Comments on your work are specific, explain why and suggest a way forward."
                ),
                "polarity": GREEN,
                "category": "feedback",
                "weight": 3,
            },
            {
                "key": "vague-feedback",
                "label": "Vague or no feedback",
                "description": (
                    'Answers such as "looks fine" or "not quite it", or silence, leave you '
                    "guessing what to change."
                ),
                "polarity": RED,
                "category": "feedback",
                "weight": 3,
            },
            # Rapport
            {
                "key": "sense-of-humour",
                "label": "Sense of humour",
                "description": (
                    "Can laugh, at themselves too, and keeps things light when the work gets tense."
                ),
                "polarity": GREEN,
                "category": "rapport",
                "weight": 3,
            },
        ],
    },
    "fr": {
        "name": "Par défaut",
        "description": (
            "Les signaux verts et rouges de l'essai sur la façon de reconnaître un client avec "
            "qui il fait bon travailler."
        ),
        "flags": [
            # Communication
            {
                "key": "communicates-clearly",
                "label": "S'exprime clairement",
                "description": (
                    "Formule ses besoins, ses décisions et ses contraintes sans détour : on "
                    "n'a jamais à deviner ce qu'il veut dire."
                ),
                "polarity": GREEN,
                "category": "communication",
                "weight": 3,
            },
            {
                "key": "listens-with-empathy",
                "label": "Écoute avec empathie",
                "description": (
                    "Écoute vos préoccupations et vos idées jusqu'au bout, pose des questions "
                    "et tient compte de votre point de vue."
                ),
                "polarity": GREEN,
                "category": "communication",
                "weight": 3,
            },
            {
                "key": "raises-doubts-early",
                "label": "Dit ses doutes tôt et franchement",
                "description": (
                    "Fait part de ses doutes et des problèmes dès qu'ils apparaissent, "
                    "calmement et sans chercher de coupable."
                ),
                "polarity": GREEN,
                "category": "communication",
                "weight": 4,
            },
            {
                "key": "emotionally-reactive",
                "label": "Réagit à chaud",
                "description": (
                    "Prend les questions ou les désaccords personnellement : une simple "
                    "remarque suffit à le faire s'emporter, se braquer ou bouder."
                ),
                "polarity": RED,
                "category": "communication",
                "weight": 3,
            },
            {
                "key": "miscommunication",
                "label": "Malentendus à répétition",
                "description": (
                    "Les messages se perdent ou sont compris différemment de chaque côté, et "
                    "il faut souvent réexpliquer ou rectifier le tir."
                ),
                "polarity": RED,
                "category": "communication",
                "weight": 3,
            },
            {
                "key": "hides-problems",
                "label": "Tait les problèmes jusqu'au dernier moment",
                "description": (
                    "Garde ses réserves pour lui jusqu'à ce qu'elles éclatent, souvent à "
                    "l'approche d'une échéance ou à la livraison."
                ),
                "polarity": RED,
                "category": "communication",
                "weight": 4,
            },
            # Collaboration
            {
                "key": "win-win",
                "label": "Esprit gagnant-gagnant",
                "description": (
                    "Cherche des arrangements qui conviennent aux deux parties et tient à ce "
                    "que l'accord soit juste pour vous aussi."
                ),
                "polarity": GREEN,
                "category": "collaboration",
                "weight": 3,
            },
            {
                "key": "collaborative-negotiation",
                "label": "Négocie en partenaire",
                "description": (
                    "Discute du périmètre, du prix et des délais en cherchant des solutions "
                    "ensemble, pas à coups de pression ou d'ultimatums."
                ),
                "polarity": GREEN,
                "category": "collaboration",
                "weight": 3,
            },
            {
                "key": "we-attitude",
                "label": "Attitude « nous »",
                "description": (
                    "Parle de « notre » projet et d'objectifs communs, et vous traite comme "
                    "un membre de l'équipe."
                ),
                "polarity": GREEN,
                "category": "collaboration",
                "weight": 3,
            },
            {
                "key": "inconsistent-expectations",
                "label": "Attentes incohérentes ou changeantes",
                "description": (
                    "Les objectifs, les priorités ou ce qui compte comme terminé changent sans "
                    "que personne ne le dise, ou contredisent ce qui était convenu."
                ),
                "polarity": RED,
                "category": "collaboration",
                "weight": 4,
            },
            {
                "key": "boss-subordinate",
                "label": "Relation patron-exécutant",
                "description": (
                    "Donne des ordres et attend qu'on les exécute : une relation purement "
                    "transactionnelle, où vous êtes un sous-traitant plutôt qu'un partenaire."
                ),
                "polarity": RED,
                "category": "collaboration",
                "weight": 3,
            },
            {
                "key": "win-lose-haggling",
                "label": "Marchandage gagnant-perdant",
                "description": (
                    "Fait de chaque point un bras de fer : tire les prix vers le bas, réclame "
                    "des extras gratuits et compte les concessions."
                ),
                "polarity": RED,
                "category": "collaboration",
                "weight": 3,
            },
            # Motivation
            {
                "key": "as-motivated",
                "label": "Aussi motivé que moi",
                "description": (
                    "Tient autant que vous à résoudre le problème et à construire quelque "
                    "chose qui a du sens : arrive préparé et va au bout de ce qu'il promet."
                ),
                "polarity": GREEN,
                "category": "motivation",
                "weight": 3,
            },
            {
                "key": "less-motivated",
                "label": "Moins motivé que moi",
                "description": (
                    "C'est vous qui portez le projet : réponses lentes, réunions manquées, "
                    "peu d'intérêt pour le résultat."
                ),
                "polarity": RED,
                "category": "motivation",
                "weight": 3,
            },
            # Respect et limites
            {
                "key": "respects-boundaries",
                "label": "Respecte mes limites",
                "description": (
                    "S'en tient au périmètre, aux horaires et aux canaux convenus, et accepte "
                    "un refus sans insister."
                ),
                "polarity": GREEN,
                "category": "boundaries",
                "weight": 4,
            },
            {
                "key": "professional-polite",
                "label": "Professionnel et courtois",
                "description": (
                    "Est ponctuel, courtois et fiable, dans le ton comme dans les manières, "
                    "même sous pression."
                ),
                "polarity": GREEN,
                "category": "boundaries",
                "weight": 3,
            },
            {
                "key": "crosses-boundaries",
                "label": "Franchit mes limites",
                "description": (
                    "Appelle ou écrit en dehors des horaires convenus, ajoute du travail hors "
                    "périmètre ou passe outre un refus."
                ),
                "polarity": RED,
                "category": "boundaries",
                "weight": 4,
            },
            {
                "key": "impolite",
                "label": "Impoli ou peu professionnel",
                "description": (
                    "Se montre sec ou méprisant, manque des rendez-vous sans prévenir ou fait "
                    "des remarques déplacées sur vous ou sur d'autres."
                ),
                "polarity": RED,
                "category": "boundaries",
                "weight": 3,
            },
            # Retours
            {
                "key": "asks-for-help",
                "label": "Demande de l'aide au besoin",
                "description": (
                    "Dit quand il est bloqué ou dépassé et pose la question, au lieu de "
                    "deviner ou de laisser traîner."
                ),
                "polarity": GREEN,
                "category": "feedback",
                "weight": 3,
            },
            {
                "key": "constructive-feedback",
                "label": "Retours précis et constructifs",
                "description": (
                    "Ses remarques sur votre travail sont précises, expliquent le pourquoi et "
                    "proposent une piste pour avancer."
                ),
                "polarity": GREEN,
                "category": "feedback",
                "weight": 3,
            },
            {
                "key": "vague-feedback",
                "label": "Retours vagues ou absents",
                "description": (
                    "Des réponses comme « ça ira » ou « ce n'est pas tout à fait ça », ou le "
                    "silence : à vous de deviner ce qu'il faut changer."
                ),
                "polarity": RED,
                "category": "feedback",
                "weight": 3,
            },
            # Entente
            {
                "key": "sense-of-humour",
                "label": "Sens de l'humour",
                "description": (
                    "Sait rire, y compris de lui-même, et détend l'atmosphère quand le "
                    "travail se tend."
                ),
                "polarity": GREEN,
                "category": "rapport",
                "weight": 3,
            },
        ],
    },
}

# The five breeds of Sales Dogs (Blair Singer), as a client might show them.
# Each value maps a language to (label, one-line description).
BREEDS = {
    "pit_bull": {
        "en": (
            "Pit Bull",
            "Pushes hard and fast: blunt, relentless, wants results yesterday and negotiates "
            "to win.",
        ),
        "fr": (
            "Pit-bull",
            "Fonce et insiste : direct, tenace, veut des résultats pour hier et négocie pour "
            "gagner.",
        ),
    },
    "golden_retriever": {
        "en": (
            "Golden Retriever",
            "Warm, loyal and eager to help and keep everyone happy, but may avoid saying "
            "what is wrong.",
        ),
        "fr": (
            "Golden retriever",
            "Chaleureux, loyal et serviable, soucieux que tout le monde soit content, mais "
            "peut éviter de dire ce qui ne va pas.",
        ),
    },
    "chihuahua": {
        "en": (
            "Chihuahua",
            "Energetic and detail-obsessed: knows the subject inside out and questions every "
            "technical choice.",
        ),
        "fr": (
            "Chihuahua",
            "Énergique et pointilleux : connaît le sujet sur le bout des doigts et discute "
            "chaque choix technique.",
        ),
    },
    "poodle": {
        "en": (
            "Poodle",
            "Image-conscious networker: cares about brand, status and the latest trends, and "
            "likes to be seen with the right people.",
        ),
        "fr": (
            "Caniche",
            "Soigne son image et son réseau : attentif à la marque, au prestige et aux "
            "tendances, aime être bien entouré.",
        ),
    },
    "basset_hound": {
        "en": (
            "Basset Hound",
            "Steady and patient: builds the relationship slowly, stays loyal for the long run "
            "and decides at their own pace.",
        ),
        "fr": (
            "Basset hound",
            "Posé et patient : construit la relation pas à pas, reste fidèle sur la durée et "
            "décide à son rythme.",
        ),
    },
}

# Green and red flags that are each other's opposite: seeing one is evidence against the
# other. Kept apart from the flags (as are the probing questions below) so the data
# migration 0002, which creates flags from their dicts, keeps working with its models.
OPPOSITES = (
    ("communicates-clearly", "miscommunication"),
    ("listens-with-empathy", "emotionally-reactive"),
    ("raises-doubts-early", "hides-problems"),
    ("win-win", "win-lose-haggling"),
    ("we-attitude", "boss-subordinate"),
    ("as-motivated", "less-motivated"),
    ("respects-boundaries", "crosses-boundaries"),
    ("professional-polite", "impolite"),
    ("constructive-feedback", "vague-feedback"),
)

# What to ask, in the next call, to find out whether a flag is there: by language, by key.
PROBING_QUESTIONS = {
    "en": {
        "communicates-clearly": "If you had to put what you need from me in one sentence, "
        "what would it be?",
        "listens-with-empathy": "What worries you most about how I would go about this?",
        "raises-doubts-early": "The last time a project of yours started to slip, how did "
        "you find out, and what did you do?",
        "emotionally-reactive": "What happens when someone on your team disagrees with a "
        "decision you have made?",
        "miscommunication": "How do decisions reach the people who do the work here, and "
        "what usually gets lost on the way?",
        "hides-problems": "When was the last time you told a supplier early that something "
        "was going wrong?",
        "win-win": "What would make this project a good deal for me as well as for you?",
        "collaborative-negotiation": "If the budget and the scope don't fit, how would you "
        "like us to find the way through?",
        "we-attitude": "Who else will work on this with us, and how do you see my place "
        "among them?",
        "inconsistent-expectations": "What would 'done' look like for you, and who else has "
        "a say in that?",
        "boss-subordinate": "Do you want someone to carry out a plan, or someone to help "
        "you shape it?",
        "win-lose-haggling": "How did the last negotiation with a supplier go, and how did "
        "both of you feel afterwards?",
        "as-motivated": "What happens on your side if this doesn't get solved this quarter?",
        "less-motivated": "How much time can you give this each week, and who decides when "
        "you can't?",
        "respects-boundaries": "How does your team usually reach people outside office hours?",
        "professional-polite": "How do you like to run meetings with outside partners?",
        "crosses-boundaries": "When a request falls outside what was agreed, how do you "
        "usually handle it?",
        "impolite": "How did your last collaboration with a freelancer end?",
        "asks-for-help": "Which part of this are you least sure how to tackle?",
        "constructive-feedback": "Tell me about a piece of work you sent back: what did you "
        "say to its author?",
        "vague-feedback": "When something I deliver isn't quite right, how will I find out "
        "what to change?",
        "sense-of-humour": "What's the funniest thing that went wrong on a project of yours?",
    },
    "fr": {
        "communicates-clearly": "Si vous deviez résumer en une phrase ce que vous attendez "
        "de moi, que diriez-vous ?",
        "listens-with-empathy": "Qu'est-ce qui vous inquiète le plus dans ma façon "
        "d'aborder ce projet ?",
        "raises-doubts-early": "La dernière fois qu'un de vos projets a commencé à déraper, "
        "comment l'avez-vous su et qu'avez-vous fait ?",
        "emotionally-reactive": "Que se passe-t-il quand quelqu'un de votre équipe n'est pas "
        "d'accord avec une de vos décisions ?",
        "miscommunication": "Comment les décisions arrivent-elles jusqu'à ceux qui font le "
        "travail, et qu'est-ce qui se perd en route ?",
        "hides-problems": "À quand remonte la dernière fois où vous avez prévenu tôt un "
        "prestataire que quelque chose n'allait pas ?",
        "win-win": "Qu'est-ce qui ferait de ce projet une bonne affaire pour moi aussi, pas "
        "seulement pour vous ?",
        "collaborative-negotiation": "Si le budget et le périmètre ne collent pas, comment "
        "aimeriez-vous que nous trouvions une solution ?",
        "we-attitude": "Qui d'autre travaillera avec nous sur ce projet, et quelle place "
        "voyez-vous pour moi ?",
        "inconsistent-expectations": "À quoi verrez-vous que c'est terminé, et qui d'autre "
        "a son mot à dire ?",
        "boss-subordinate": "Cherchez-vous quelqu'un pour exécuter un plan, ou pour vous "
        "aider à le construire ?",
        "win-lose-haggling": "Comment s'est passée votre dernière négociation avec un "
        "prestataire, et comment chacun en est-il sorti ?",
        "as-motivated": "Que se passe-t-il de votre côté si ce n'est pas réglé ce trimestre ?",
        "less-motivated": "Combien de temps pouvez-vous y consacrer chaque semaine, et qui "
        "tranche quand vous n'êtes pas disponible ?",
        "respects-boundaries": "Comment votre équipe joint-elle d'habitude les gens en "
        "dehors des heures de bureau ?",
        "professional-polite": "Comment aimez-vous mener vos réunions avec des partenaires "
        "extérieurs ?",
        "crosses-boundaries": "Quand une demande sort de ce qui était convenu, comment "
        "faites-vous d'habitude ?",
        "impolite": "Comment s'est terminée votre dernière collaboration avec un indépendant ?",
        "asks-for-help": "Sur quelle partie êtes-vous le moins sûr de savoir vous y prendre ?",
        "constructive-feedback": "Parlez-moi d'un travail que vous avez renvoyé : qu'avez-"
        "vous dit à son auteur ?",
        "vague-feedback": "Quand un de mes livrables ne sera pas tout à fait juste, comment "
        "saurai-je quoi changer ?",
        "sense-of-humour": "Quelle est la chose la plus drôle qui ait mal tourné sur un de "
        "vos projets ?",
    },
}
