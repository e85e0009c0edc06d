"""The French demo consultant: the English demo's story (clients/data/demo.py), told in French.

Plain data in the shape that `demo.py` describes, read by `manage.py seed_demo` for the
consultant `demo-fr`: the same clients at the same stages, with the same flags, strengths,
ratings and days, so every page shows the same things in French, on the French catalogue.
French typography: a narrow no-break space (U+202F) before ; : ! ? and inside « ».
"""

USERNAME = "demo-fr"
PASSWORD = "fitcheck-demo"
# Every page in French for this consultant, whatever the browser says (Settings → Language).
LANGUAGE = "fr"
TIME_ZONE = "Europe/Paris"

BOUNDARIES = {
    "evenings": "Pas d'appel après 19 h",
    "change-requests": "Les changements de périmètre passent par une demande écrite",
    "weekends": "Pas de travail le week-end",
    "invoices": "Factures payées sous 30 jours",
    "replies": "Réponse sous deux jours ouvrés, pas dans l'heure",
}

CLIENTS = [
    {
        "name": "Atelier Lumen",
        "organisation": "Atelier Lumen SARL",
        "contact": "Claire Dubois, fondatrice — claire@lumen.example",
        "source": "Recommandée par Plume & Encre",
        "breed": "golden_retriever",
        "status": "completed",
        "interactions": [
            {
                "days_ago": 250,
                "kind": "discovery",
                "gut": 2,
                "notes": (
                    "Claire dirige un studio de design de six personnes et veut un "
                    "outil de réservation pour ses ateliers. Elle avait un brief "
                    "d'une page, m'a demandé ce dont j'avais besoin, et a ri de leur "
                    "« tableur de l'enfer »."
                ),
                "questions": ("Qui valide les maquettes ?\nLa date de lancement est-elle fixée ?"),
                "flags": [
                    ("communicates-clearly", 3, "Voici le brief, et voici ce qu'on ne sait pas."),
                    ("as-motivated", 2, "Ça fait deux ans qu'on veut régler ça."),
                    ("sense-of-humour", 2, "Notre tableur de l'enfer a son propre fan-club."),
                ],
            },
            {
                "days_ago": 246,
                "kind": "meeting",
                "gut": 2,
                "notes": (
                    "Parcours du déroulé des ateliers avec elle et la responsable des opérations."
                ),
                "flags": [
                    ("we-attitude", 2, "Qu'est-ce qu'on coupe pour lancer au printemps ?"),
                    (
                        "respects-boundaries",
                        2,
                        "Parlons-en demain, il est tard pour vous.",
                        "evenings",
                    ),
                ],
            },
        ],
        "decision": {
            "days_ago": 244,
            "kind": "accept",
            "reason": "Brief clair, même envie, et une équipe sympathique.",
        },
        "projects": [
            {
                "name": "Réservation des ateliers",
                "description": "Réservation et paiement des ateliers publics du studio.",
                "phases": [
                    {
                        "name": "Conception et prototype",
                        "starts": 240,
                        "ends": 200,
                        "review": {
                            "days_ago": 197,
                            "checkpoint": {
                                "days_ago": 196,
                                "kind": "continue",
                            },
                            "ratings": (5, 5, 5, 4, 5),
                            "again": True,
                            "learned": (
                                "Un brief écrit dès le départ fait gagner des semaines ensuite."
                            ),
                            "flags": [
                                (
                                    "constructive-feedback",
                                    3,
                                    "L'étape 3 perd les gens : ils ne voient pas le prix.",
                                ),
                                (
                                    "raises-doubts-early",
                                    2,
                                    "J'ai peur que le calendrier soit trop chargé.",
                                ),
                            ],
                        },
                    },
                    {
                        "name": "Développement et lancement",
                        "starts": 199,
                        "ends": 130,
                        "review": {
                            "days_ago": 126,
                            "checkpoint": {
                                "days_ago": 125,
                                "kind": "end",
                                "reason": "Lancé, et le studio le fait tourner seul maintenant.",
                            },
                            "ratings": (5, 4, 5, 5, 5),
                            "again": True,
                            "learned": (
                                "Les démos hebdomadaires nous ont gardés honnêtes des deux côtés."
                            ),
                            "flags": [
                                (
                                    "collaborative-negotiation",
                                    2,
                                    ("Si on décale le lancement, peut-on garder les paiements ?"),
                                ),
                                (
                                    "respects-boundaries",
                                    3,
                                    "Facture payée le jour même.",
                                    "invoices",
                                ),
                            ],
                        },
                    },
                ],
            },
        ],
    },
    {
        "name": "Logistique Vent du Nord",
        "organisation": "Vent du Nord Logistique SAS",
        "contact": "Marc Hallé, directeur des opérations",
        "source": "LinkedIn",
        "breed": "pit_bull",
        "status": "active",
        "interactions": [
            {
                "days_ago": 200,
                "kind": "discovery",
                "gut": 1,
                "notes": (
                    "Marc veut sortir le planning des chauffeurs du papier avant la "
                    "haute saison. Très motivé, parle vite, sait exactement où ça "
                    "fait mal."
                ),
                "questions": "À qui sont les données aujourd'hui ?",
                "flags": [
                    (
                        "as-motivated",
                        3,
                        "La haute saison, c'est en octobre, et on n'est pas prêts.",
                    ),
                    (
                        "communicates-clearly",
                        2,
                        "Chauffeurs, tournées, dépôts : c'est tout le sujet.",
                    ),
                ],
            },
            {
                "days_ago": 120,
                "kind": "call",
                "gut": 0,
                "notes": (
                    "Il a appelé un samedi pour un nouveau rapport dont personne n'avait parlé."
                ),
                "questions": (
                    "Le rapport des dépôts fait-il partie de la phase 2 ou d'une "
                    "demande de changement ?"
                ),
                "flags": [
                    (
                        "inconsistent-expectations",
                        2,
                        "Je pensais que les rapports étaient compris dans le prix.",
                    ),
                    (
                        "crosses-boundaries",
                        2,
                        "Désolé, le samedi est le seul jour calme.",
                        "weekends",
                    ),
                ],
            },
            {
                "days_ago": 35,
                "kind": "meeting",
                "gut": -1,
                "notes": (
                    "Comité de pilotage tendu ; le périmètre de la phase 3 bouge sans cesse."
                ),
                "questions": (
                    "Peut-on figer la phase 3 par écrit ?\nQui arbitre entre les dépôts ?"
                ),
                "flags": [
                    (
                        "inconsistent-expectations",
                        3,
                        "Ce n'est pas ce qu'on avait convenu, il me semble.",
                    ),
                    (
                        "miscommunication",
                        2,
                        "Je croyais que vous saviez que chaque dépôt a ses règles.",
                    ),
                ],
            },
        ],
        "decision": {
            "days_ago": 196,
            "kind": "accept",
            "reason": "Problème urgent et concret, et le décideur autour de la table.",
        },
        "projects": [
            {
                "name": "Planning des chauffeurs",
                "description": "Remplacer le planning papier par un planning partagé.",
                "phases": [
                    {
                        "name": "Dépôt pilote",
                        "starts": 190,
                        "ends": 130,
                        "review": {
                            "days_ago": 127,
                            "checkpoint": {
                                "days_ago": 126,
                                "kind": "change",
                                "reason": (
                                    "Un point hebdomadaire avec chaque chef de "
                                    "dépôt, pas seulement avec Marc."
                                ),
                            },
                            "ratings": (4, 3, 4, 4, 4),
                            "again": True,
                            "learned": (
                                "Il décide vite ; je devrais noter les décisions aussi vite."
                            ),
                            "flags": [
                                ("as-motivated", 2, "Les chauffeurs adorent, on généralise."),
                            ],
                        },
                    },
                    {
                        "name": "Tous les dépôts",
                        "starts": 129,
                        "ends": 40,
                        "review": {
                            "days_ago": 36,
                            "ratings": (2, 1, 3, 2, 2),
                            "again": False,
                            "learned": (
                                "Convenir des demandes de changement avant la phase 1, pas après."
                            ),
                            "flags": [
                                (
                                    "inconsistent-expectations",
                                    3,
                                    "On l'a toujours voulu sur tablettes.",
                                ),
                                (
                                    "crosses-boundaries",
                                    2,
                                    "Vous pouvez juste l'ajouter, c'est trois fois rien ?",
                                    "change-requests",
                                ),
                            ],
                        },
                    },
                    {
                        "name": "Rapports",
                        "starts": 30,
                        "ends": -40,
                    },
                ],
            },
        ],
    },
    {
        "name": "Port & Pinson Avocats",
        "organisation": "Port & Pinson AARPI",
        "contact": "Éléonore Pinson, associée gérante",
        "source": "Conférence",
        "breed": "poodle",
        "status": "completed",
        "interactions": [
            {
                "days_ago": 300,
                "kind": "discovery",
                "gut": 2,
                "notes": (
                    "Bureaux impressionnants, présentation léchée. Éléonore veut un "
                    "portail client et « les meilleurs ». Appel charmant ; j'en suis "
                    "sortie flattée."
                ),
                "questions": "Avec qui vais-je travailler au quotidien ?",
                "flags": [
                    (
                        "professional-polite",
                        3,
                        "Nous ne travaillons qu'avec les meilleurs, et nous avons vérifié.",
                    ),
                    ("communicates-clearly", 2, "Un portail, sécurisé, élégant, pour l'été."),
                ],
            },
            {
                "days_ago": 280,
                "kind": "meeting",
                "gut": 1,
                "notes": (
                    "Rencontre avec le collaborateur qui le pilotera : il prend des "
                    "ordres, pas des questions."
                ),
                "flags": [
                    ("boss-subordinate", 1, "Faites simplement ce que les associés ont dit."),
                ],
            },
        ],
        "decision": {
            "days_ago": 278,
            "kind": "accept",
            "reason": "Client prestigieux, bon budget.",
        },
        "projects": [
            {
                "name": "Portail client",
                "description": "Un portail de documents sécurisé pour les clients du cabinet.",
                "phases": [
                    {
                        "name": "Portail v1",
                        "starts": 270,
                        "ends": 180,
                        "review": {
                            "days_ago": 175,
                            "checkpoint": {
                                "days_ago": 174,
                                "kind": "end",
                                "reason": (
                                    "Ils réécrivent le brief chaque semaine : une "
                                    "autre phase n'en vaut pas la peine."
                                ),
                            },
                            "ratings": (2, 1, 1, 1, 1),
                            "again": False,
                            "learned": "Un excellent premier appel en dit peu sur le quotidien.",
                            "notes": "Payé avec 75 jours de retard après trois relances.",
                            "flags": [
                                (
                                    "boss-subordinate",
                                    3,
                                    "Vous êtes le prestataire, nous sommes le client.",
                                ),
                                (
                                    "crosses-boundaries",
                                    3,
                                    "Éléonore attend un rappel ce soir.",
                                    "evenings",
                                ),
                                (
                                    "crosses-boundaries",
                                    2,
                                    "La comptabilité paie quand elle paie.",
                                    "invoices",
                                ),
                                ("vague-feedback", 2, "Ce n'est pas tout à fait ça."),
                            ],
                        },
                    },
                ],
            },
        ],
    },
    {
        "name": "Crécerelle Robotique",
        "organisation": "Crécerelle Robotique SAS",
        "contact": "Jonas Weber, directeur technique",
        "source": "Contact entrant, via mon blog",
        "breed": "chihuahua",
        "status": "active",
        "interactions": [
            {
                "days_ago": 150,
                "kind": "discovery",
                "gut": -1,
                "notes": (
                    "Jonas a contesté chaque phrase et m'a envoyé trois articles "
                    "pendant l'appel. Épuisant, mais il a écouté quand j'ai tenu "
                    "bon."
                ),
                "questions": ("Combien de personnes relisent les changements du micrologiciel ?"),
                "flags": [
                    ("emotionally-reactive", 1, "Non, non, c'est exactement l'approche naïve."),
                    ("listens-with-empathy", 1, "Bien vu, je n'avais pas pensé aux opérateurs."),
                ],
            },
            {
                "days_ago": 145,
                "kind": "call",
                "gut": 0,
                "notes": (
                    "Le deuxième appel s'est mieux passé quand je suis venue avec "
                    "mes propres données."
                ),
                "flags": [
                    (
                        "raises-doubts-early",
                        2,
                        (
                            "Je doute que nos journaux soient assez bons, dites-le si ce "
                            "n'est pas le cas."
                        ),
                    ),
                ],
            },
        ],
        "decision": {
            "days_ago": 143,
            "kind": "stretch",
            "reason": "Difficile à vivre, mais le problème est passionnant.",
            "learning_goal": (
                "Tenir ma position face à un fondateur très technique sans "
                "me mettre sur la défensive."
            ),
        },
        "projects": [
            {
                "name": "Télémétrie de la flotte",
                "description": "Des tableaux de bord sur la télémétrie des robots.",
                "phases": [
                    {
                        "name": "Chaîne de données",
                        "starts": 140,
                        "ends": 80,
                        "review": {
                            "days_ago": 77,
                            "checkpoint": {
                                "days_ago": 76,
                                "kind": "change",
                                "reason": (
                                    "Les décisions par écrit après chaque appel, le jour même."
                                ),
                            },
                            "ratings": (3, 4, 4, 4, 4),
                            "again": True,
                            "learned": (
                                "Les chiffres désamorcent un débat avec lui ; il "
                                "respecte les preuves."
                            ),
                            "flags": [
                                (
                                    "constructive-feedback",
                                    3,
                                    "Votre schéma casse au redémarrage, voici une trace.",
                                ),
                                (
                                    "asks-for-help",
                                    2,
                                    (
                                        "Pouvez-vous m'expliquer comment vous modéliseriez "
                                        "ça ? Je bloque."
                                    ),
                                ),
                                ("emotionally-reactive", 1, "Pourquoi est-ce encore lent ?!"),
                            ],
                        },
                    },
                    {
                        "name": "Tableaux de bord",
                        "starts": 75,
                        "ends": -15,
                    },
                ],
            },
        ],
    },
    {
        "name": "Boulangerie de l'Érable",
        "organisation": "Boulangerie de l'Érable",
        "contact": "Thomas Okafor, gérant",
        "source": "Réseau des commerçants du quartier",
        "breed": "basset_hound",
        "status": "completed",
        "interactions": [
            {
                "days_ago": 220,
                "kind": "discovery",
                "gut": 0,
                "notes": (
                    "Thomas veut des précommandes en ligne. Sympathique, mais un "
                    "mois pour répondre à mon devis."
                ),
                "flags": [
                    ("professional-polite", 2, "Merci de votre patience avec nous."),
                    ("less-motivated", 1, "Rien ne presse, vraiment, quand vous pourrez."),
                ],
            },
            {
                "days_ago": 190,
                "kind": "email",
                "notes": "Enfin un oui, avec un petit budget.",
                "flags": [
                    (
                        "win-win",
                        1,
                        "On peut payer une partie en pain ? Je plaisante. Enfin, presque.",
                    ),
                ],
            },
        ],
        "decision": {
            "days_ago": 188,
            "kind": "accept",
            "reason": "Petite mission bien définie pour un commerce du quartier.",
        },
        "projects": [
            {
                "name": "Précommandes",
                "phases": [
                    {
                        "name": "Précommandes en ligne",
                        "starts": 180,
                        "ends": 120,
                        "review": {
                            "days_ago": 110,
                            "checkpoint": {
                                "days_ago": 109,
                                "kind": "end",
                                "reason": (
                                    "Les précommandes tournent et rien d'autre n'est prévu."
                                ),
                            },
                            "ratings": (3, 3, 3, 4, 3),
                            "again": True,
                            "learned": (
                                "Avec un client lent, les échéances doivent être "
                                "écrites dans le plan."
                            ),
                            "flags": [
                                ("vague-feedback", 2, "C'est bien, je suppose."),
                                (
                                    "respects-boundaries",
                                    2,
                                    "J'attendrai lundi, bon week-end.",
                                    "weekends",
                                ),
                            ],
                        },
                    },
                ],
            },
        ],
    },
    {
        "name": "Orbite Forme",
        "organisation": "Groupe Orbite Forme",
        "contact": "Dana Reyes, directrice marketing",
        "source": "Sous-traitance pour une agence",
        "breed": "pit_bull",
        "status": "active",
        "interactions": [
            {
                "days_ago": 110,
                "kind": "discovery",
                "gut": -1,
                "notes": (
                    "Dana veut une appli pour les adhérents « comme les grandes "
                    "chaînes » pour un tiers du prix. A bataillé sur le tarif "
                    "journalier avant qu'on parle du problème."
                ),
                "questions": (
                    "Que se passe-t-il si le lancement glisse ?\nQui teste avec les adhérents ?"
                ),
                "flags": [
                    (
                        "win-lose-haggling",
                        2,
                        "Tous les autres sont moins chers, alors faites un geste.",
                    ),
                    ("as-motivated", 1, "Les adhérents n'arrêtent pas de le demander."),
                ],
            },
        ],
        "decision": {
            "days_ago": 105,
            "kind": "accept",
            "reason": "J'avais besoin de travail ce trimestre ; périmètre restreint.",
        },
        "projects": [
            {
                "name": "Appli adhérents",
                "phases": [
                    {
                        "name": "Réservation des cours",
                        "starts": 100,
                        "ends": 50,
                        "review": {
                            "days_ago": 46,
                            "checkpoint": {
                                "days_ago": 45,
                                "kind": "change",
                                "reason": (
                                    "Un périmètre fixe par sprint ; les changements "
                                    "seulement sur demande écrite."
                                ),
                            },
                            "ratings": (2, 2, 2, 2, 2),
                            "again": False,
                            "learned": (
                                "Mon instinct disait non ; la prochaine fois, je l'écoute."
                            ),
                            "flags": [
                                (
                                    "boss-subordinate",
                                    2,
                                    "C'est moi qui paie, donc c'est moi qui décide.",
                                ),
                                (
                                    "hides-problems",
                                    2,
                                    ("Ah, l'ancien système ? Il est en panne depuis des semaines."),
                                ),
                                ("crosses-boundaries", 1, "Un petit appel à 21 h ?", "evenings"),
                            ],
                        },
                    },
                    {
                        "name": "Programme de fidélité",
                        "starts": 45,
                        "ends": -30,
                    },
                ],
            },
        ],
    },
    {
        "name": "Coop Feuille Verte",
        "organisation": "Coopérative alimentaire Feuille Verte",
        "contact": "Priya Nair, coordinatrice",
        "source": "Recommandée par l'Atelier Lumen",
        "breed": "golden_retriever",
        "status": "active",
        "interactions": [
            {
                "days_ago": 130,
                "kind": "discovery",
                "gut": 1,
                "notes": (
                    "Une coopérative alimentaire de 400 membres ; les bénévoles font "
                    "tout tourner. Priya écoute bien et a amené deux bénévoles à "
                    "l'appel."
                ),
                "flags": [
                    ("listens-with-empathy", 2, "Qu'est-ce qui vous faciliterait la tâche ?"),
                    ("we-attitude", 3, "On trouvera ensemble, comme toujours."),
                ],
            },
            {
                "days_ago": 20,
                "kind": "meeting",
                "gut": 1,
                "notes": "Démo de la phase 2 aux bénévoles ; beaucoup de bonnes questions.",
                "questions": "Les bénévoles ont-ils besoin de formations ?",
                "flags": [
                    (
                        "constructive-feedback",
                        2,
                        (
                            "Une version imprimable, s'il vous plaît : la moitié d'entre nous "
                            "est sur papier."
                        ),
                    ),
                ],
            },
        ],
        "decision": {
            "days_ago": 126,
            "kind": "accept",
            "reason": "Un projet qui a du sens et une équipe qui collabore.",
        },
        "projects": [
            {
                "name": "Portail des membres",
                "phases": [
                    {
                        "name": "Inscription des membres",
                        "starts": 120,
                        "ends": 70,
                        "review": {
                            "days_ago": 66,
                            "checkpoint": {
                                "days_ago": 65,
                                "kind": "continue",
                            },
                            "ratings": (4, 4, 5, 4, 4),
                            "again": True,
                            "learned": (
                                "Les bénévoles ont besoin de réunions plus courtes "
                                "et de passations plus claires."
                            ),
                            "flags": [
                                (
                                    "asks-for-help",
                                    2,
                                    (
                                        "On ne sait pas comment tester ça, vous pouvez nous "
                                        "montrer ?"
                                    ),
                                ),
                            ],
                        },
                    },
                    # Ended without a review yet: the dashboard shows it as due.
                    {
                        "name": "Commandes",
                        "starts": 69,
                        "ends": 6,
                    },
                ],
            },
        ],
    },
    {
        "name": "Héron Bleu Architectes",
        "organisation": "Héron Bleu Architectes",
        "contact": "Samuel Brandt, associé",
        "source": "Formulaire de contact du site",
        "breed": "",
        "status": "deciding",
        "interactions": [
            {
                "days_ago": 12,
                "kind": "discovery",
                "gut": 0,
                "notes": (
                    "Trois associés, trois idées du projet : un site, un outil de "
                    "suivi de chantier, ou les deux. Courtois, mais personne ne "
                    "porte la décision."
                ),
                "questions": (
                    "Qui tranche entre le site et l'outil de suivi ?\nQuelle "
                    "fourchette de budget ?\nY a-t-il une échéance ?"
                ),
                "flags": [
                    ("professional-polite", 2, "Merci de prendre le temps pour nous trois."),
                    (
                        "miscommunication",
                        2,
                        "Je croyais qu'on avait dit le site — non, l'outil de suivi.",
                    ),
                    ("inconsistent-expectations", 2, "Les deux, idéalement, pour le même budget."),
                ],
            },
            {
                "days_ago": 8,
                "kind": "email",
                "notes": "Ils « reviendront vers moi après la réunion des associés ».",
                "flags": [
                    ("raises-doubts-early", 1, "Honnêtement, on n'est pas encore alignés."),
                ],
            },
        ],
        "decision": {
            "days_ago": 7,
            "kind": "need_info",
            "reason": "J'attends que les associés s'accordent sur le périmètre.",
        },
    },
    {
        "name": "Belvédère Capital",
        "organisation": "Belvédère Capital Partenaires",
        "contact": "Richard Pierre",
        "source": "Courriel non sollicité",
        "breed": "pit_bull",
        "status": "declined",
        "interactions": [
            {
                "days_ago": 60,
                "kind": "discovery",
                "gut": -2,
                "notes": (
                    "Voulait un prix ferme avant de décrire le problème, puis une "
                    "remise de 40 % « pour la référence ». A appelé deux fois après "
                    "20 h la même semaine."
                ),
                "flags": [
                    ("win-lose-haggling", 3, "Vos concurrents le font pour moitié prix."),
                    (
                        "crosses-boundaries",
                        3,
                        "Je vous appelle ce soir, gardez votre téléphone allumé.",
                        "evenings",
                    ),
                    ("impolite", 2, "Ne perdons pas de temps avec votre méthode."),
                ],
            },
        ],
        "decision": {
            "days_ago": 57,
            "kind": "decline",
            "reason": "Du marchandage avant le problème, et aucun respect pour mes soirées.",
        },
    },
    {
        "name": "Maison de thé Sora",
        "organisation": "Maison de thé Sora",
        "contact": "Yuki Tanaka, gérante",
        "source": "Instagram",
        "breed": "basset_hound",
        "status": "discovery",
        "interactions": [
            {
                "days_ago": 3,
                "kind": "discovery",
                "gut": 1,
                "notes": (
                    "Yuki veut une boutique en ligne pour ses thés. Calme, "
                    "réfléchie, m'a demandé comment j'aime travailler avant de "
                    "parler des fonctionnalités."
                ),
                "questions": ("Combien de produits au lancement ?\nQui prend les photos ?"),
                "flags": [
                    (
                        "respects-boundaries",
                        1,
                        "Quand êtes-vous disponible ? Je m'adapte.",
                        "replies",
                    ),
                    ("listens-with-empathy", 2, "Comment aimez-vous travailler avec vos clients ?"),
                    ("as-motivated", 2, "Cette boutique, c'est ma retraite : je m'y mets à fond."),
                ],
            },
        ],
    },
    {
        "name": "Forge à Pixels",
        "organisation": "Forge à Pixels",
        "contact": "Alex Moreau",
        "source": "Meetup",
        "breed": "chihuahua",
        "status": "lead",
        "interactions": [
            {
                "days_ago": 2,
                "kind": "email",
                "notes": ("Court courriel après le meetup : veut parler d'un site communautaire."),
                "questions": "Prendre rendez-vous pour un appel découverte",
                "flags": [],
            },
        ],
    },
    {
        "name": "Atlas Déménagements",
        "organisation": "Atlas Déménagements Services",
        "contact": "Bernard Klein",
        "source": "Annuaire professionnel",
        "breed": "",
        "status": "declined",
        "archived": True,
        "interactions": [
            {
                "days_ago": 400,
                "kind": "discovery",
                "gut": -1,
                "notes": (
                    "Voulait tout pour la semaine prochaine et refusait de parler des priorités."
                ),
                "flags": [
                    ("inconsistent-expectations", 2, "Tout est prioritaire."),
                    ("emotionally-reactive", 2, "Pourquoi tout le monde est si lent ?!"),
                ],
            },
        ],
        "decision": {
            "days_ago": 398,
            "kind": "decline",
            "reason": "Délai irréaliste et aucune place pour en discuter.",
        },
    },
    {
        "name": "Éditions Plume & Encre",
        "organisation": "Éditions Plume & Encre",
        "contact": "Margot Ellis, rédactrice en chef",
        "source": "Ancienne collègue",
        "breed": "golden_retriever",
        "status": "completed",
        "interactions": [
            {
                "days_ago": 330,
                "kind": "discovery",
                "gut": -1,
                "notes": (
                    "Margot semblait distraite et floue sur ce qu'elle voulait ; "
                    "j'ai failli dire non. En fait, elle bouclait un numéro ce "
                    "jour-là."
                ),
                "flags": [
                    ("vague-feedback", 1, "Quelque chose de moderne ? Vous saurez mieux que moi."),
                ],
            },
            {
                "days_ago": 320,
                "kind": "meeting",
                "gut": 1,
                "notes": (
                    "Bien mieux en personne : des objectifs clairs et le même sens de l'humour."
                ),
                "flags": [
                    (
                        "communicates-clearly",
                        2,
                        "Les auteurs d'abord, les lecteurs ensuite, nous en dernier.",
                    ),
                    ("sense-of-humour", 2, "Notre CMS a été installé par un poète."),
                ],
            },
        ],
        "decision": {
            "days_ago": 318,
            "kind": "accept",
            "reason": "Le deuxième rendez-vous m'a fait changer d'avis.",
        },
        "projects": [
            {
                "name": "Portail des auteurs",
                "phases": [
                    {
                        "name": "Dépôt des manuscrits",
                        "starts": 310,
                        "ends": 240,
                        "review": {
                            "days_ago": 236,
                            "checkpoint": {
                                "days_ago": 235,
                                "kind": "end",
                                "reason": "Terminé, et ils m'ont recommandée à l'Atelier Lumen.",
                            },
                            "ratings": (5, 5, 5, 5, 5),
                            "again": True,
                            "learned": (
                                "Un mauvais premier appel peut être un mauvais "
                                "jour : se voir deux fois."
                            ),
                            "flags": [
                                (
                                    "constructive-feedback",
                                    3,
                                    ("Les auteurs se perdent à l'étape deux ; voici pourquoi."),
                                ),
                                ("we-attitude", 3, "Notre portail, pas votre portail."),
                                (
                                    "respects-boundaries",
                                    2,
                                    "Payé en dix jours, comme convenu.",
                                    "invoices",
                                ),
                            ],
                        },
                    },
                ],
            },
        ],
    },
    {
        "name": "Hôtels Méridien",
        "organisation": "Groupe Hôtels Méridien",
        "contact": "Sophie Laurent, responsable du programme numérique",
        "source": "Appel d'offres",
        "breed": "poodle",
        "status": "completed",
        "interactions": [
            {
                "days_ago": 170,
                "kind": "discovery",
                "gut": 1,
                "notes": (
                    "Deux personnes de l'équipe numérique et une des achats. "
                    "Diapositives impeccables, m'ont remerciée deux fois pour mon "
                    "temps ; personne n'a dit ce qui se passe si le parcours de "
                    "réservation reste tel quel."
                ),
                "questions": (
                    "Qui est responsable du parcours de réservation ?\nDe quoi "
                    "les achats ont-ils besoin de ma part ?"
                ),
                "flags": [
                    (
                        "professional-polite",
                        3,
                        "Nous apprécions vraiment votre temps et votre expertise.",
                    ),
                    (
                        "communicates-clearly",
                        1,
                        "L'objectif est un parcours de réservation plus fluide.",
                    ),
                ],
            },
            {
                "days_ago": 160,
                "kind": "meeting",
                "gut": 1,
                "notes": ("Réunion avec les achats : courtoise, minutieuse, quinze formulaires."),
                "flags": [
                    ("professional-polite", 2, "Merci, c'est très complet."),
                    ("less-motivated", 1, "On verra ce qu'en disent les directeurs régionaux."),
                ],
            },
        ],
        "decision": {
            "days_ago": 158,
            "kind": "accept",
            "reason": "Gros client, équipe soignée, budget validé.",
        },
        "projects": [
            {
                "name": "Audit du parcours de réservation",
                "phases": [
                    {
                        "name": "Audit et recommandations",
                        "starts": 150,
                        "ends": 95,
                        "review": {
                            "days_ago": 90,
                            "checkpoint": {
                                "days_ago": 89,
                                "kind": "end",
                                "reason": (
                                    "L'audit est livré ; une refonte dans le même "
                                    "flou, ce n'est pas pour moi."
                                ),
                            },
                            "ratings": (3, 2, 2, 3, 2),
                            "again": False,
                            "learned": (
                                "La politesse n'est pas de l'engagement : demander "
                                "qui décide et ce qui se passe si rien ne change."
                            ),
                            "flags": [
                                (
                                    "vague-feedback",
                                    2,
                                    "Intéressant, nous allons le faire circuler en interne.",
                                ),
                                (
                                    "hides-problems",
                                    2,
                                    (
                                        "En fait, le contrat du moteur de réservation a été "
                                        "renouvelé le mois dernier."
                                    ),
                                ),
                            ],
                        },
                    },
                ],
            },
        ],
    },
    {
        # Plenty of evidence, but no phase together yet: first impressions only.
        "name": "Marée Analytique",
        "organisation": "Marée Box SAS",
        "contact": "Inês Carvalho, responsable des données",
        "source": "Recommandée par Crécerelle Robotique",
        "breed": "golden_retriever",
        "status": "active",
        "interactions": [
            {
                "days_ago": 45,
                "kind": "discovery",
                "gut": 1,
                "notes": (
                    "Inês veut comprendre pourquoi les abonnés résilient. Elle est "
                    "venue avec un export propre et une liste d'hypothèses, et a dit "
                    "celles dont elle doute."
                ),
                "flags": [
                    (
                        "communicates-clearly",
                        3,
                        "Voici nos cinq hypothèses ; dites-nous lesquelles sont fausses.",
                    ),
                    (
                        "as-motivated",
                        2,
                        (
                            "Les résiliations ont doublé cette année ; c'est la première "
                            "question du conseil."
                        ),
                    ),
                    (
                        "asks-for-help",
                        2,
                        "On ne sait pas mesurer ça, c'est pour ça que vous êtes là.",
                    ),
                ],
            },
            {
                "days_ago": 41,
                "kind": "meeting",
                "gut": 1,
                "notes": "Atelier de cadrage avec Inês et le directeur financier.",
                "flags": [
                    (
                        "collaborative-negotiation",
                        2,
                        (
                            "Si le budget est serré, laissons tomber le tableau de bord et "
                            "gardons l'analyse."
                        ),
                    ),
                    (
                        "raises-doubts-early",
                        2,
                        "Nos données d'avant 2024 sont un fouillis, autant que vous le sachiez.",
                    ),
                ],
            },
            {
                "days_ago": 9,
                "kind": "call",
                "gut": 0,
                "notes": (
                    "Point hebdomadaire ; le directeur financier veut maintenant "
                    "aussi une prévision."
                ),
                "questions": (
                    "La prévision est-elle dans le périmètre ou une demande de changement ?"
                ),
                "flags": [
                    (
                        "inconsistent-expectations",
                        1,
                        "L'analyse pourrait-elle aussi prévoir le trimestre prochain ?",
                    ),
                ],
            },
        ],
        "decision": {
            "days_ago": 40,
            "kind": "accept",
            "reason": (
                "Un problème clair, de bonnes données, et une équipe qui négocie loyalement."
            ),
        },
        "projects": [
            {
                "name": "Analyse des résiliations",
                "phases": [
                    {
                        "name": "Audit des données et premiers résultats",
                        "starts": 38,
                        "ends": -14,
                    },
                ],
            },
        ],
    },
    {
        # Called this morning: still within the reflection period.
        "name": "Cabinet rue des Aulnes",
        "organisation": "Kinésithérapie rue des Aulnes",
        "contact": "Dr Amara Osei",
        "source": "Recommandée par la Coop Feuille Verte",
        "breed": "",
        "status": "discovery",
        "interactions": [
            {
                "this_morning": (9, 30),
                "kind": "discovery",
                "gut": 1,
                "notes": (
                    "Un petit cabinet de kinésithérapie ; les patients réservent par "
                    "téléphone et un sur cinq ne vient pas. Amara a déjà essayé deux "
                    "applis et sait dire pourquoi chacune a échoué."
                ),
                "questions": (
                    "Qui gère les données des patients aujourd'hui ?\nY a-t-il un "
                    "budget pour les rappels par SMS ?\nQui d'autre doit dire "
                    "oui ?"
                ),
                "flags": [
                    (
                        "as-motivated",
                        2,
                        (
                            "Chaque rendez-vous manqué, c'est une heure que je ne peux pas "
                            "donner à quelqu'un d'autre."
                        ),
                    ),
                    (
                        "communicates-clearly",
                        2,
                        (
                            "La dernière appli a échoué parce que l'accueil ne pouvait pas "
                            "passer outre."
                        ),
                    ),
                    (
                        "raises-doubts-early",
                        1,
                        "Je ne suis pas sûre qu'on puisse se payer les SMS, honnêtement.",
                    ),
                    (
                        "inconsistent-expectations",
                        1,
                        (
                            "Est-ce que ça pourrait aussi envoyer les factures ? C'est juste "
                            "une idée."
                        ),
                    ),
                ],
            },
        ],
    },
]

# Next contacts (client, days from today, local time, kind, note): one today, one tomorrow,
# one overdue, for the Today strip, the calendar feed and the morning note.
PLANNED_CONTACTS = (
    ("Maison de thé Sora", 0, (16, 30), "call", "Leur réponse sur le budget, puis décider"),
    ("Coop Feuille Verte", 1, (10, 0), "meeting", "Bilan de la phase des commandes"),
    ("Belvédère Capital", -2, (11, 0), "email", "Envoyer le devis qu'ils ont demandé"),
)

# Le catalogue à soi (« Mes signaux ») : les limites pèsent le plus, et un signal de plus vu
# au premier appel de deux clients, pour que le calibrage lui propose un poids.
OWN_CATALOGUE = {
    "name": "Mes signaux",
    "weights": {"crosses-boundaries": 5, "respects-boundaries": 5},
    "flag": {
        "label": "Lent à répondre",
        "description": (
            "Met des jours à répondre à une question simple, puis veut la réponse dans l'heure."
        ),
        "probing_question": "En combien de temps pouvez-vous d'habitude me répondre\u202f?",
        "polarity": "red",
        "category": "communication",
        "weight": 3,
    },
    "seen": [
        (
            "Port & Pinson Avocats",
            "Leur réponse à ma question de deux lignes est venue neuf jours après.",
        ),
        (
            "Hôtels Méridien",
            "L'invitation à la réunion est revenue au bout d'une semaine, pour le lendemain.",
        ),
    ],
}
