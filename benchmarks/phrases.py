"""Word and phrase pools for the synthetic corpus (data only; benchmarks/corpus.py composes).

Titles and names use letters, digits, spaces and dashes only, so a benchmark can look for them
verbatim in the built HTML (quotes and '&' would come out as entities).
"""

from __future__ import annotations

# (key, deal type, project words for titles, the kind of work in a sentence)
SCENARIOS = (
    ("client_fixed_scope", "client", (
        "ERP migration", "claims portal rebuild", "data platform build", "mobile app launch",
        "e-commerce replatform", "scheduling system", "CRM rollout", "analytics dashboards",
        "payments integration", "document management", "customer portal", "field service app",
        "booking engine", "pricing engine", "reporting suite", "warehouse system upgrade",
    ), "fixed-price delivery"),
    ("client_retainer", "client", (
        "support retainer", "enhancement retainer", "analytics retainer", "platform retainer",
        "design retainer", "data engineering retainer", "managed service retainer",
        "product team retainer", "cloud operations retainer", "QA retainer",
    ), "retainer"),
    ("vendor_sla", "vendor", (
        "managed hosting SLA", "SOC monitoring", "payroll service", "helpdesk outsourcing",
        "observability platform", "backup service", "network support", "cloud licences",
        "WMS support", "telephony service", "print fleet service", "identity platform",
        "email security service", "data centre colocation",
    ), "service contract"),
    ("partner_revshare", "partner", (
        "referral partnership", "reseller agreement", "marketplace listing",
        "implementation alliance", "co-selling agreement", "white-label partnership",
        "distribution agreement", "technology alliance", "regional reseller programme",
    ), "partnership"),
)

TITLE_FLAVOURS = (
    "first contract", "renewal", "phase 2", "expansion", "pilot to production",
    "three-year term", "rescoped after tender", "multi-site rollout", "24-7 SLA renewal",
    "price review", "second region", "extension", "framework agreement", "replacement of incumbent",
    "nordic rollout", "EMEA rollout", "follow-on work", "early renewal",
)

INDUSTRY_TAGS = (
    "logistics", "maritime", "healthcare", "retail", "fintech", "insurance", "public-sector",
    "energy", "manufacturing", "education", "media", "telecom", "travel", "real-estate",
    "agriculture", "legal", "pharma", "automotive", "hospitality", "non-profit",
)
TOPIC_TAGS = {
    "client_fixed_scope": ("fixed-price", "change-control", "acceptance", "migration",
                           "integration", "mobile", "erp", "crm", "e-commerce", "analytics"),
    "client_retainer": ("retainer", "repeat-business", "support", "capacity", "rollover",
                        "analytics", "cloud", "training"),
    "vendor_sla": ("support-sla", "hosting", "monitoring", "outsourcing", "helpdesk", "payroll",
                   "security-review", "data-residency", "escalation", "on-prem"),
    "partner_revshare": ("referral", "reseller", "marketplace", "co-selling", "exclusivity",
                         "white-label", "enablement", "attribution"),
}
SHARED_TAGS = ("renewal", "pricing", "discount", "multi-year", "pilot", "procurement",
               "gdpr", "liability", "governance", "warranty", "api", "onboarding")

NAME_FIRST = (
    "Harbor", "Kestrel", "Meridian", "Halvorsen", "Brightwell", "Castellan", "Ardent", "Lumen",
    "Oakridge", "Pinecrest", "Quillfield", "Verdant", "Stratus", "Tessera", "Ferro", "Orbit",
    "Northwind", "Bluepeak", "Silverline", "Redwood", "Granite", "Copperfield", "Aster",
    "Beacon", "Cobalt", "Driftwood", "Evergreen", "Falcon", "Glacier", "Hawthorn", "Ironbridge",
    "Juniper", "Keystone", "Larkspur", "Marlow", "Nimbus", "Osprey", "Pioneer", "Quarry",
    "Riverside", "Sable", "Thistle", "Umber", "Vantage", "Westbrook", "Yarrow", "Zephyr",
    "Alder", "Birch", "Cedar", "Dunmore", "Elmstead", "Foxglove", "Greystone", "Highmoor",
    "Ivory", "Jasper", "Kingsley", "Lindqvist", "Moorland", "Nordvik", "Oldfield", "Prescott",
    "Rosendal", "Saltmarsh", "Tidewater", "Upland", "Valemont", "Whitcombe", "Ashby", "Bramley",
    "Corrigan", "Delacroix", "Eastgate", "Fairhaven", "Goldcrest", "Holloway", "Inverness",
    "Kilbride", "Larsen", "Mistral",
)
NAME_SECOND = (
    "Freight", "Marine", "Cloud", "Health", "Logistics", "Insights", "Retail", "Energy",
    "Analytics", "Foods", "Mobility", "Finance", "Pharma", "Media", "Telecom", "Travel",
    "Estates", "Agritech", "Legal", "Robotics", "Payments", "Learning", "Security", "Software",
    "Clinics", "Ports", "Rail", "Aviation", "Textiles", "Water", "Grid", "Data", "Digital",
    "Print", "Supply", "Care", "Labs", "Works", "Networks", "Capital",
)
NAME_SUFFIX = ("Systems", "Group", "Partners", "AG", "Ltd", "Holdings", "Services", "GmbH",
               "AB", "Inc", "Co", "BV", "SA", "Oy", "")

FIRST_NAMES = (
    "Dana", "Luis", "Mei", "Priya", "Leo", "Tom", "Ingrid", "Mats", "Kari", "Aisha", "Ben",
    "Carla", "Dmitri", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Keiko", "Lars",
    "Maya", "Nils", "Olga", "Pablo", "Rosa", "Sven", "Tariq", "Ulla", "Victor", "Wen", "Yusuf",
    "Zoe", "Amara", "Bruno", "Chloe", "Diego", "Emma", "Felix", "Greta", "Hana", "Ivan",
    "Julia", "Kofi", "Lena", "Marco", "Nora", "Omar", "Paula", "Quentin", "Rita", "Sami",
    "Tessa", "Uma", "Vera", "Will", "Xenia", "Yara", "Zane", "Anya",
)
LAST_NAMES = (
    "Whitfield", "Ortega", "Chen", "Raman", "Fontaine", "Okafor", "Solberg", "Eriksen", "Dahl",
    "Nakamura", "Novak", "Haddad", "Petrov", "Rossi", "Schmidt", "Kowalski", "Ahmed", "Berg",
    "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ibrahim", "Jensen", "Kim",
    "Lindgren", "Moreau", "Nielsen", "Olsen", "Park", "Quinn", "Reyes", "Silva", "Tanaka",
    "Umarov", "Varga", "Walsh", "Xu", "Young", "Zimmermann", "Andersen", "Baker", "Conti",
    "Diaz", "Eklund", "Ferreira", "Gruber", "Holm", "Iyer", "Jovanovic", "Keller", "Lopez",
    "Mensah", "Nowak", "Oliveira", "Pereira", "Richter", "Sato",
)
ROLES = ("deal owner", "delivery lead", "finance", "procurement", "legal", "IT operations",
         "account manager", "solution architect", "partner manager", "security officer",
         "service manager", "sales director")
THEIR_ROLES = ("CFO", "procurement lead", "IT director", "VP operations", "head of legal",
               "product owner", "service director", "partner manager", "COO",
               "security officer", "programme manager", "CIO")

CURRENCIES = ("EUR", "EUR", "EUR", "USD", "USD", "GBP", "SEK", "CHF")
CADENCES = ("weekly", "biweekly", "monthly", "quarterly")

# (key, [(id, question, stage, deal types, scenarios, informs)]) — 16 per category.
QUESTIONS = (
    ("approval_process", (
        ("who-signs-at-this-size", "Who signs, and which approval thresholds apply at this "
         "deal size?", "discovery", ("client", "vendor", "partner"), (),
         "Timeline and which concessions need sign-off"),
        ("budget-cycle-timing", "When does the next budget cycle close, and is this spend "
         "already in it?", "discovery", ("client", "vendor"), (),
         "Close date and whether to phase the offer"),
        ("procurement-one-pass", "Can procurement review every document in one pass, or "
         "does each go back to the queue?", "proposal", ("client", "vendor"), (),
         "How many review rounds to plan for"),
        ("legal-security-sequence", "In which order do legal, security and finance review "
         "the contract?", "proposal", ("client", "vendor", "partner"), (),
         "The critical path to signature"),
        ("hidden-stakeholders", "Who else must be comfortable before you can sign?",
         "discovery", ("client", "vendor", "partner"), (), "Whom to meet before the proposal"),
        ("board-approval-needed", "Does this commitment need board or investment committee "
         "approval?", "discovery", ("client", "partner"), (),
         "Whether to size the first order below the committee limit"),
        ("vendor-onboarding-steps", "What does your supplier onboarding require from us "
         "before the first order?", "closing", ("client",), (),
         "Paperwork to prepare before the start date"),
        ("purchase-order-timing", "How long after signature is the purchase order raised?",
         "closing", ("client",), (), "Start date and first invoice"),
        ("partner-programme-approvers", "Which committee approves new partners, and when "
         "does it meet?", "discovery", ("partner",), ("partner_revshare",),
         "Partner launch date"),
        ("signatory-availability", "Is the signatory available in the week we plan to "
         "close?", "closing", ("client", "vendor", "partner"), (), "The signing date"),
        ("redline-owner", "Who owns the redlines on your side, and can they trade terms?",
         "proposal", ("client", "vendor", "partner"), (), "Whom to negotiate wording with"),
        ("framework-call-off", "Can we contract under an existing framework instead of a new "
         "tender?", "discovery", ("client",), ("client_fixed_scope",),
         "Route to contract and timeline"),
        ("change-approval-limit", "Up to which amount can the project lead approve a change "
         "request alone?", "post_signature", ("client",), ("client_fixed_scope",),
         "Change control thresholds"),
        ("retainer-renewal-approver", "Who approves continuing the retainer, and on what "
         "evidence?", "post_signature", ("client",), ("client_retainer",),
         "Renewal pack and its audience"),
        ("vendor-risk-assessment", "Which third-party risk assessment must the vendor pass, "
         "and how long does it take?", "proposal", ("vendor",), ("vendor_sla",),
         "Timeline of the vendor review"),
        ("reseller-contract-template", "Must the reseller agreement use your paper or can it "
         "use ours?", "proposal", ("partner",), ("partner_revshare",),
         "Drafting effort and negotiating position"),
    )),
    ("success_criteria", (
        ("acceptance-criteria-30-90", "What must be true at 30 and 90 days for you to call "
         "this a success?", "discovery", ("client", "vendor", "partner"), (),
         "Acceptance criteria and the first review"),
        ("metrics-leadership-judges", "Which metrics will your leadership use to judge this "
         "project?", "discovery", ("client", "partner"), (), "Reporting and success story"),
        ("sla-measurement-method", "How is each SLA figure measured, which tool and which "
         "clock?", "proposal", ("vendor",), ("vendor_sla",), "Service credit calculations"),
        ("baseline-sign-off", "Who signs off the baseline that improvements are measured "
         "against?", "proposal", ("client", "vendor"), (), "Evidence of value at renewal"),
        ("acceptance-window", "How many days does each deliverable have for acceptance, and "
         "what happens after?", "proposal", ("client",), ("client_fixed_scope",),
         "Milestone invoicing"),
        ("sourced-versus-influenced", "How do we tell sourced revenue from influenced "
         "revenue?", "proposal", ("partner",), ("partner_revshare",),
         "Revenue share and attribution disputes"),
        ("retainer-utilisation-target", "Which utilisation of the retainer hours do you "
         "expect each month?", "discovery", ("client",), ("client_retainer",),
         "Capacity planning and rollover"),
        ("user-adoption-measure", "How will you measure adoption by end users?",
         "post_signature", ("client", "vendor"), (), "Adoption reporting"),
        ("pilot-exit-criteria", "Which result of the pilot lets you move to production?",
         "discovery", ("client", "vendor"), (), "Pilot scope and conversion terms"),
        ("service-review-agenda", "What do you want to see in the monthly service review?",
         "post_signature", ("vendor", "client"), (), "Reporting pack"),
        ("quality-definition", "What counts as a defect, and who decides its severity?",
         "proposal", ("client", "vendor"), (), "Warranty and acceptance"),
        ("partner-pipeline-goal", "How much joint pipeline do you expect in the first two "
         "quarters?", "discovery", ("partner",), ("partner_revshare",),
         "Enablement effort and targets"),
        ("response-versus-restore", "Is the target a response time, a restore time, or "
         "both?", "proposal", ("vendor",), ("vendor_sla",), "SLA schedule wording"),
        ("data-quality-threshold", "Which data quality threshold must the migration meet?",
         "proposal", ("client",), ("client_fixed_scope",), "Migration acceptance"),
        ("customer-satisfaction-survey", "Will you survey customer satisfaction, and is it "
         "tied to fees?", "closing", ("client", "vendor", "partner"), (),
         "Variable fee mechanisms"),
        ("business-case-owner", "Who owns the business case, and when is it checked again?",
         "discovery", ("client", "partner"), (), "Whom to report results to"),
    )),
    ("implementation", (
        ("kickoff-decision-makers", "Who from your side must attend the kickoff with "
         "decision rights?", "closing", ("client", "vendor", "partner"), (),
         "Kickoff agenda and invitations"),
        ("adoption-owner", "Who owns adoption on your side once delivery starts?",
         "closing", ("client", "vendor"), (), "Governance and escalation"),
        ("incumbent-handover", "How will the incumbent hand over, and do they know yet?",
         "discovery", ("client", "vendor"), (), "Transition plan and risk"),
        ("launch-dependencies", "Which launches or freezes on your side could block our "
         "start?", "proposal", ("client", "partner"), (), "Start date and staffing"),
        ("invoice-routing", "Where do invoices go, and which reference must they carry?",
         "closing", ("client", "vendor"), (), "Getting paid on time"),
        ("partner-enablement-capacity", "How many of your people can we enable in the first "
         "quarter?", "proposal", ("partner",), ("partner_revshare",), "Enablement plan"),
        ("test-environment-access", "When do we get access to test environments and data?",
         "closing", ("client",), (), "Delivery plan"),
        ("integration-owners", "Who owns each system we must integrate with?",
         "proposal", ("client", "vendor"), (), "Integration plan and staffing"),
        ("change-request-workflow", "How do change requests flow, and who prices them?",
         "proposal", ("client",), ("client_fixed_scope",), "Change control clause"),
        ("onsite-requirements", "How many days on site do you expect from our team?",
         "proposal", ("client",), (), "Travel costs and staffing"),
        ("training-audience", "Who needs training, and in which language?",
         "closing", ("client", "vendor"), (), "Training plan and cost"),
        ("ticket-portal-export", "Can tickets be exported as data, not only as reports?",
         "proposal", ("vendor",), ("vendor_sla",), "Independent SLA checks"),
        ("knowledge-transfer", "What knowledge transfer do you expect at the end?",
         "proposal", ("client", "vendor"), (), "Exit plan and effort"),
        ("deployment-windows", "When are deployments allowed, and who approves them?",
         "post_signature", ("client", "vendor"), (), "Release planning"),
        ("co-marketing-resources", "Which marketing resources will you commit to the "
         "launch?", "closing", ("partner",), ("partner_revshare",), "Launch plan"),
        ("retainer-request-intake", "How should requests under the retainer reach us?",
         "post_signature", ("client",), ("client_retainer",), "Intake and prioritisation"),
    )),
    ("risk_constraints", (
        ("liability-cap-non-negotiables", "Which liability terms are non-negotiable for your "
         "legal team?", "proposal", ("client", "vendor", "partner"), (),
         "Liability clause strategy"),
        ("security-compliance-checks", "Which security and compliance checks must we pass?",
         "discovery", ("client", "vendor"), (), "Timeline and documentation"),
        ("data-residency", "Where must the data be stored and processed?",
         "discovery", ("client", "vendor"), (), "Architecture and hosting cost"),
        ("exclusivity-conflicts", "Do you have agreements that conflict with exclusivity?",
         "proposal", ("partner",), ("partner_revshare",), "Exclusivity clause"),
        ("key-person-dependency", "Which people on either side are single points of "
         "failure?", "closing", ("client", "vendor", "partner"), (), "Continuity plan"),
        ("what-feels-risky", "What about this deal feels most risky to you?",
         "discovery", ("client", "vendor", "partner"), (), "Where to add assurances"),
        ("insurance-requirements", "Which insurance cover and amounts do you require?",
         "proposal", ("client",), (), "Insurance certificates and cost"),
        ("subcontractor-rules", "May we use subcontractors, and must you approve them?",
         "proposal", ("client",), (), "Staffing model"),
        ("audit-rights", "What audit rights do you expect, and how often?",
         "proposal", ("client", "vendor"), (), "Audit clause and effort"),
        ("termination-triggers", "Under which conditions could you terminate for "
         "convenience?", "closing", ("client", "vendor", "partner"), (),
         "Revenue risk and notice terms"),
        ("regulatory-change", "Which regulation could change the scope during the term?",
         "discovery", ("client", "vendor"), (), "Change clause"),
        ("service-credit-cap", "What cap on service credits will your finance team "
         "accept?", "proposal", ("vendor",), ("vendor_sla",), "Credit regime"),
        ("price-indexation", "Is price indexation allowed, and against which index?",
         "proposal", ("client", "vendor"), (), "Multi-year pricing"),
        ("ip-ownership", "Who owns the intellectual property of what we build?",
         "proposal", ("client", "partner"), (), "IP clause"),
        ("channel-conflict", "How do you avoid conflict between our direct sales and your "
         "resellers?", "proposal", ("partner",), ("partner_revshare",), "Rules of engagement"),
        ("scope-creep-signals", "Which parts of the scope are still unclear to your own "
         "team?", "discovery", ("client",), ("client_fixed_scope",), "Contingency in price"),
    )),
    ("renewal_expansion", (
        ("renewal-decision-owner", "When is continuation decided, and by whom?",
         "post_signature", ("client", "vendor", "partner"), (),
         "Renewal calendar and evidence"),
        ("renewal-price-mechanism", "How will the price be set at renewal?",
         "proposal", ("client", "vendor"), (), "Renewal pricing"),
        ("notice-period-calendar", "Who tracks the notice period, and in which calendar?",
         "post_signature", ("client", "vendor", "partner"), (), "Notice deadline"),
        ("expansion-budget-owner", "Who holds the budget for expansion beyond this scope?",
         "post_signature", ("client", "partner"), (), "Account plan"),
        ("next-if-it-goes-well", "What comes next if this goes well?",
         "closing", ("client", "vendor", "partner"), (), "Account plan and sequencing"),
        ("qbr-sponsor-expectations", "What does your sponsor expect from a quarterly "
         "business review?", "post_signature", ("client", "partner"), (), "QBR agenda"),
        ("other-business-units", "Which other business units could use the same service?",
         "post_signature", ("client", "vendor"), (), "Expansion pipeline"),
        ("multi-year-appetite", "Would a multi-year term with fixed prices interest you?",
         "closing", ("client", "vendor"), (), "Term and discount trade"),
        ("retainer-scaling", "Under which conditions would you add retainer capacity?",
         "post_signature", ("client",), ("client_retainer",), "Capacity expansion"),
        ("partner-tier-upgrade", "What would move us to the next partner tier?",
         "post_signature", ("partner",), ("partner_revshare",), "Partner margin"),
        ("benchmark-at-renewal", "Will you benchmark our rates against competitors before "
         "renewing?", "post_signature", ("client", "vendor"), (), "Renewal pack"),
        ("volume-commitments", "Can you commit to volumes in exchange for a lower unit "
         "price?", "closing", ("vendor", "client"), (), "Tiered pricing"),
        ("reference-customer", "Would you act as a reference customer after go-live?",
         "closing", ("client",), (), "Marketing and discount"),
        ("service-extension-regions", "Which regions could the service extend to next "
         "year?", "post_signature", ("vendor",), ("vendor_sla",), "Regional rollout"),
        ("phase-two-funding", "Is phase two funded, or does it need a new business case?",
         "closing", ("client",), ("client_fixed_scope",), "Follow-on work"),
        ("joint-roadmap", "Do you want a joint product roadmap, and who owns it?",
         "post_signature", ("partner",), ("partner_revshare",), "Alliance governance"),
    )),
)

# Building blocks of the uncurated candidate wordings: (category, template, slot values).
CANDIDATE_TEMPLATES = (
    ("approval_process", "Which {a} has to see the {b} before signature?",
     ("committee", "steering group", "works council", "regional office", "holding company",
      "treasury team"),
     ("draft contract", "security questionnaire", "pricing sheet", "data processing terms",
      "statement of work", "insurance certificate")),
    ("approval_process", "Does the {a} need a {b} from us before approving?",
     ("parent company", "audit committee", "central purchasing", "IT governance board"),
     ("reference call", "financial statement", "site visit", "signed NDA", "demo")),
    ("success_criteria", "How will the {a} judge the {b} after launch?",
     ("operations manager", "sales director", "customer service lead", "finance controller",
      "medical director", "store managers"),
     ("new workflow", "first release", "dashboard", "support desk", "pilot region",
      "mobile rollout")),
    ("success_criteria", "What {a} figure would make the {b} a failure in your eyes?",
     ("churn", "uptime", "response", "conversion", "backlog", "margin"),
     ("first quarter", "migration weekend", "launch month", "peak season")),
    ("implementation", "Who prepares the {a} for the {b}?",
     ("test data", "user accounts", "network access", "floor plans", "product catalogue",
      "price lists"),
     ("first sprint", "training sessions", "cutover", "go-live rehearsal", "partner portal")),
    ("implementation", "How long does your {a} need to {b}?",
     ("security team", "network team", "service desk", "finance department", "warehouse staff"),
     ("open firewall ports", "create accounts", "approve new vendors", "sign off test results",
      "schedule downtime")),
    ("risk_constraints", "What happens to the {a} if {b}?",
     ("price", "timeline", "service credits", "exclusivity", "rollout plan"),
     ("the merger closes", "volumes drop by half", "the sponsor leaves",
      "the regulator objects", "the pilot slips a quarter")),
    ("risk_constraints", "Which {a} could stop the {b} late in the process?",
     ("union agreement", "group policy", "export rule", "data protection review",
      "tender regulation"),
     ("contract", "rollout", "partnership launch", "data transfer")),
    ("renewal_expansion", "Would the {a} consider {b} next year?",
     ("regional team", "sister company", "head office", "online channel", "service desk"),
     ("the premium tier", "a second site", "a longer term", "the analytics add-on",
      "the managed option")),
    ("renewal_expansion", "When does the {a} plan its {b}?",
     ("procurement team", "IT department", "partner office", "leadership team"),
     ("vendor consolidation", "next tender", "budget review", "platform strategy")),
    ("approval_process", "Is a {a} required for contracts with {b}?",
     ("second signature", "legal opinion", "tender waiver", "compliance check", "CFO memo"),
     ("new suppliers", "foreign vendors", "multi-year terms", "revenue sharing",
      "offshore teams", "usage-based pricing")),
    ("success_criteria", "Which {a} report does the {b} read every month?",
     ("utilisation", "incident", "pipeline", "quality", "adoption", "cost"),
     ("managing director", "regional manager", "board member", "plant manager",
      "head of service")),
    ("implementation", "Which {a} must be finished before the {b} can start?",
     ("data cleanup", "hardware delivery", "hiring round", "office move", "contract novation"),
     ("rollout", "integration work", "partner onboarding", "service transition",
      "user training", "pilot")),
    ("risk_constraints", "Could a {a} in {b} change what you are allowed to buy?",
     ("policy change", "budget cut", "leadership change", "new regulation", "legal dispute"),
     ("the group", "your sector", "the public tender rules", "the spring review")),
    ("renewal_expansion", "Which {a} would make you extend the {b}?",
     ("result", "saving", "feature", "certification", "customer feedback"),
     ("contract term", "user base", "service hours", "regional scope", "partner programme")),
)
CANDIDATE_INFORMS = (
    "Timeline to signature", "Who to involve before the proposal", "Pricing and phasing",
    "Acceptance and invoicing", "Staffing and start date", "Contract clauses to prepare",
    "Renewal pack", "Account plan", "Risk register", "Governance rhythm",
)
REF_LEADS = ("Earlier, in discovery: ", "We asked too late: ", "Should have asked: ", "",
             "Before pricing: ", "In the first call: ")

WORKED = (
    "Bringing last year's incident log to the first call moved the talk from price to the "
    "{n}-hour restore target.",
    "Opening with phase 1 results instead of a price: {n} of {n} milestones accepted inside "
    "the window.",
    "Offering the same named team answered their worry about losing the people who know the "
    "system before they raised it.",
    "Asking for first refusal on the next phase in exchange for the discount made the discount "
    "an investment rather than a concession.",
    "A one-page summary of the commercial model, sent before the call with {them}, kept the "
    "discussion on value.",
    "Proposing a paid discovery of {w} weeks turned an open-ended scope into a fixed price we "
    "could defend.",
    "Walking {them} through a reference project in the same industry removed the doubt about "
    "delivery risk.",
    "Putting the SLA measurement method on the table first made the credit regime easy to "
    "agree.",
    "Splitting the price into a fixed base and a usage band let their finance team approve "
    "without the board.",
    "Inviting their {role} to the solution workshop early meant no surprises at legal review.",
    "Offering a {pct}% discount only against a {term}-month term protected the margin.",
    "Sharing a draft kickoff plan before signature showed we were ready to start on day one.",
    "Conceding the payment terms early bought goodwill for the liability discussion.",
    "Quantifying their cost of delay at {cur} {amount} a month created urgency on their side.",
    "A joint business plan with pipeline targets per quarter made the revenue share easy to "
    "accept.",
    "Keeping a written log of every agreed point avoided re-opening settled terms.",
    "Bringing our delivery lead to the final call answered the staffing questions on the spot.",
    "Letting them choose between two packaged options instead of negotiating line items.",
    "Asking what their {role} needed to say yes, and building the proposal around it.",
    "Agreeing the change request process before scope details kept the fixed price intact.",
)
LEVERAGE_NOTES = (
    "We assumed {assumed} would weigh on them; it did not come up once. What moved them was "
    "{proven}, backed by evidence they could check.",
    "{proven} proved decisive: the {role} said so in the final call. We had counted on "
    "{assumed}, but their procurement never mentioned it.",
    "Evidence for {proven} came from our delivery record with {cp}. {assumed} was our "
    "assumption going in and turned out to matter little.",
    "The turning point was {proven}. Our bet on {assumed} cost us two weeks of preparation "
    "that nobody on their side cared about.",
)
LEVERAGE_WORDS = {
    "time": "their deadline", "risk": "lowering their delivery risk",
    "capability": "our capability in the domain", "switching": "the cost of switching",
    "relationship": "the relationship with their sponsor", "process": "a clear process",
}
BLIND_SPOTS = (
    "Their legal team reviews any credit cap above {pct}%, which added {n} days we had not "
    "planned for.",
    "A new procurement lead joined in the last month and wanted every supplier benchmarked.",
    "The {role} had a veto on the data processing terms and was never in the meetings.",
    "Their works council had to be consulted before any change to shift patterns.",
    "Their parent company had a preferred supplier list we were not on.",
    "The budget sat with a different business unit than the one we negotiated with.",
    "An internal freeze on new vendors started {n} days after our proposal.",
    "Their security team required a penetration test report no older than six months.",
    "The signatory was on leave for the two weeks we planned to close.",
    "Their finance team could not approve spend above {cur} {amount} without a second quote.",
    "A competing internal project was bidding for the same budget.",
    "The incumbent supplier still had a notice period of {n} days to run.",
)
FRICTION = {
    "internal": (
        "Our procurement re-sent the master agreement with old redlines after terms were "
        "agreed.",
        "Our finance team invoiced the first month against the wrong purchase order.",
        "Two of our people gave different answers on the start date in the same week.",
        "Our legal review took {n} days because the request sat in the wrong queue.",
        "We sent a proposal with last year's day rates.",
        "Our delivery lead was reassigned a week before kickoff.",
    ),
    "external": (
        "Their portal exports ticket data only as PDF, so monthly figures cannot be checked.",
        "Their procurement lead asked for an outside benchmark two days before signature.",
        "Their sponsor changed roles in the middle of the negotiation.",
        "They re-opened the liability cap after it had been agreed in writing.",
        "Their IT team was unavailable for the integration workshop for {n} days.",
        "A reorganisation on their side moved the budget to another department.",
    ),
    "process": (
        "Our SOW template had no definition of out-of-hours support, so it was drafted live.",
        "Nobody owned the redline tracker, so comments were lost between versions.",
        "The approval flow for discounts above {pct}% took {n} days.",
        "The partner agreement template did not cover attribution of influenced deals.",
        "Our security questionnaire answers were out of date and had to be redone.",
        "Contract versions were shared by email, and both sides edited different copies.",
    ),
}
UPDATES = (
    "Add '{q}' to the {stage} checklist.",
    "Template: {doc} with {item} as mandatory fields.",
    "Procurement hand-off note lists the agreed redlines so nobody re-sends old ones.",
    "Create a {kind} SOW template with capacity, rollover and out-of-hours definitions.",
    "Request a new purchase order for every new contract and never reuse an earlier one.",
    "Prepare a benchmark pack for procurement at least 90 days before the renewal.",
    "Keep a current security questionnaire with answers reviewed every quarter.",
    "Add a discount approval step for anything above {pct}% before it reaches the client.",
    "Add attribution rules for influenced deals to the partner agreement template.",
    "Brief the delivery lead before the final call, with the open questions listed.",
    "Put the notice deadline in the shared renewals calendar on the day of signature.",
    "Add a one-page commercial summary to every proposal above {cur} {amount}.",
)
UPDATE_DOCS = ("SLA schedule", "statement of work", "change request form", "partner plan",
               "kickoff deck", "renewal pack")
UPDATE_ITEMS = ("restore time and measurement method", "acceptance window and criteria",
                "owner and due date", "pipeline targets", "escalation contacts")
METRICS = (
    "P1 restore within {n} h (%)", "Tickets breaching response target", "Backlog older than "
    "14 days", "Milestones accepted on time", "Change requests approved per month",
    "Retainer days used versus capacity", "Enhancement requests delivered per month",
    "Joint pipeline created per quarter", "Partner-sourced revenue", "Certified partner staff",
    "User adoption after 30 days (%)", "Sponsor pulse (1-5)", "Invoice accepted first time (%)",
    "Defects found in acceptance", "Uptime per month (%)", "Leads accepted within 48 h",
)
RISKS = (
    ("SLA figures cannot be checked from PDF exports.",
     "CSV export agreed as an action for the first monthly review."),
    ("The named escalation manager leaves.",
     "Contract names the role, not the person; replacement within 10 business days."),
    ("Peak season volume exceeds what the price assumes.",
     "Volume band with a pre-agreed unit price above it."),
    ("The sponsor changes roles before the first review.",
     "Second sponsor named in the governance plan."),
    ("Scope creep in the integration work.", "Change requests priced within five days."),
    ("The renewal benchmark is run on day rate alone.",
     "Benchmark pack with outcomes delivered before the notice date."),
    ("Our lead engineer is the single point of knowledge.",
     "A second engineer shadows every P1 in the first quarter."),
    ("Partner staff are not certified in time for the launch.",
     "Enablement plan with monthly certification targets."),
    ("Data migration quality is below the agreed threshold.",
     "Trial migration with their data in the second month."),
    ("Their security review delays the start.", "Questionnaire answered before signature."),
    ("Attribution disputes over influenced deals.", "Deal registration rules in the contract."),
    ("Currency swings erode the margin.", "Prices reviewed against the exchange rate yearly."),
)
ESCALATION = ("L1: {a} and {b}, same day", "L2: {a} and {b}, within 48 hours",
              "L3: {a} and {b}, within 5 business days")
COMMERCIAL = {
    "client_fixed_scope": (
        "{cur} {amount} fixed price in {k} milestones; 10% held until final acceptance.",
        "{cur} {amount} over {term} months, invoiced quarterly in advance, payment in 30 days.",
        "{cur} {amount} fixed price for the first phase, change requests at {cur} {monthly} "
        "a day.",
    ),
    "client_retainer": (
        "{cur} {monthly} per month for {days} consultant days of capacity, after a {pct}% "
        "discount for a {term}-month commitment.",
        "{cur} {monthly} a month for a pool of {days} days; unused days roll over for one "
        "month only.",
    ),
    "vendor_sla": (
        "{cur} {monthly} a month, fixed for {term} months; {pct}% service credit per missed "
        "P1 target, capped at 15% a month.",
        "{cur} {amount} over {term} months, invoiced quarterly in advance, payment in 30 days.",
    ),
    "partner_revshare": (
        "{pct}% revenue share on sourced deals and {pct2}% on influenced deals, paid "
        "quarterly.",
        "{pct}% reseller margin, rising by {pct2} points above {cur} {amount} a year.",
    ),
}
NON_COMMERCIAL = {
    "client_fixed_scope": (
        "Acceptance within {d} days per deliverable; change requests priced within five days; "
        "steering group every month.",
        "Data stays in the EU; audit once a year; liability capped at {k} times annual fees.",
    ),
    "client_retainer": (
        "Same named team for the term; quarterly roadmap review with the {role}; first "
        "refusal on the next phase.",
        "P1 response within one business hour; monthly capacity statement with each invoice.",
    ),
    "vendor_sla": (
        "P1 response {n} minutes, restore {h} hours, measured from ticket creation; monthly "
        "service review; named escalation manager.",
        "Data stays in the EU; audit once a year; liability capped at {k} times annual fees.",
    ),
    "partner_revshare": (
        "Non-exclusive in the region for {term} months; joint business plan reviewed each "
        "quarter; deal registration through the partner portal.",
        "Exclusive for one vertical for {term} months, subject to pipeline targets each "
        "quarter.",
    ),
}
GAVE = ("a {term}-month term instead of 12", "{pct}% off the list price",
        "a longer payment term", "one month of rollover", "a higher credit cap",
        "exclusivity in one region", "a free training day", "a lower cancellation fee")
GOT = ("price held flat", "restore time written into the SLA", "first refusal on phase 2",
       "a quarterly review with their sponsor", "milestone payments",
       "a case study after go-live", "a volume commitment", "faster acceptance")
EVENTS = (
    "first serious offer, {pct}% above their budget on a {term}-month term.",
    "turning point: our evidence showed {n} incidents they had not counted.",
    "their legal escalated the liability cap; agreed at {k} times annual fees.",
    "workshop with their {role} on scope and acceptance.",
    "they asked for a {pct}% discount in exchange for a longer term.",
    "security questionnaire returned with {n} follow-up questions.",
    "pricing call with procurement; we split the price into base and usage.",
    "reference call with another customer in {industry}.",
    "their sponsor confirmed budget for the first phase.",
    "draft contract sent with our standard terms.",
    "redlines received on liability, IP and termination.",
    "final call: trade agreed, {pct}% discount for a {term}-month term.",
)
NOTES = (
    "The {role} cared far more about predictable governance than about the price.",
    "Next time, open with the measurement method and the review rhythm, and keep price for "
    "the end.",
    "Repeat business felt easy, and that was the risk: we nearly let the contract go out on "
    "an incomplete statement of work.",
    "Their procurement is professionalising, so the next phase will be bought differently.",
    "We underestimated how long their security review takes; {n} days is now our planning "
    "figure.",
    "The discount was not what closed the deal; the named team and the kickoff plan were.",
    "A shorter proposal with two options would have saved a full round of questions.",
    "We should have met the {role} in discovery, not in the last week.",
    "The revenue share worked because the attribution rules were written down early.",
    "Their sponsor is strong, but the day-to-day owner is stretched across {n} projects.",
    "Monthly figures must come from data both sides can check, or every review turns into an "
    "argument about the numbers.",
    "The relationship survived a difficult week because both delivery leads kept talking.",
    "We gave away payment terms too early and had nothing left to trade at the end.",
    "Their team reads every clause; plain wording in our template saved days of redlines.",
    "The pilot made the case better than any slide: {n} users were active in week two.",
    "We will bring the renewal pack to the quarterly review well before the notice date.",
    "Pricing by outcome was discussed and parked; it may come back at renewal.",
    "Having {cp} as a reference customer would help with two open proposals in {industry}.",
    "The change control clause was tested in the first month and held.",
    "Their finance team approved quickly once the price was split into base and usage.",
    "The first offer anchored too low; we spent two rounds climbing back to our real number.",
    "Their {role} asked the sharpest questions and should be in every quarterly review.",
    "Legal review went faster because we sent the liability position with the proposal.",
    "We still do not know who decides the renewal; that is the first question for kickoff.",
    "The reference call mattered more than the demo: they wanted proof from a peer.",
    "Our internal approvals took longer than theirs, which is embarrassing and fixable.",
    "Scope was written in their language, not ours, and that prevented most disputes.",
    "A fixed price was only possible after the paid discovery removed the big unknowns.",
    "They measured us against a competitor who offered {pct}% less; value carried the day.",
    "The partner team needed enablement before any pipeline could appear.",
    "Keep the escalation path short: three levels, named people, agreed response times.",
    "We agreed the metrics for the first 30 days before signing, which made kickoff easy.",
    "The credit regime was less important to them than the monthly service review.",
    "We should have asked about their freeze periods; the start slipped by {n} days.",
    "The deal was nearly lost on invoicing details that nobody owned on either side.",
    "The relationship with {cp} is strong at the top and thin in the middle.",
    "We over-prepared on price and under-prepared on implementation questions.",
    "Their team valued a named delivery lead more than any discount we could give.",
    "The data residency question came late and cost us a week of architecture work.",
    "Next time, bring the delivery plan to the second meeting, not the last one.",
    "Their board meets quarterly; missing one meeting would have cost three months.",
    "It helped to name the trade-offs openly: term for price, scope for speed.",
)
WHY = (
    "When nobody asks it early, the answer arrives during legal review, when every change "
    "costs a week and a concession.",
    "The answer changes the shape of the offer: phasing, options and the close date all "
    "depend on it.",
    "Reviews show the same pattern: the question was answered by accident, late, by someone "
    "outside the negotiation.",
    "Asking it shows we understand how their organisation works, which builds trust before "
    "price comes up.",
    "It decides who must be in the room, and a meeting without that person is a meeting we "
    "will have twice.",
    "The figures behind it are rarely written down; asking makes them explicit and "
    "checkable.",
)
FOLLOW_UPS = (
    "Who else needs the answer on our side?", "Is the answer written down anywhere we can "
    "see?", "When does it change, and who tells us?", "Which document should record it?",
    "What happened the last time this went wrong for them?",
    "Does the answer differ by region or business unit?",
)
