"""The bulk part of the bench data, in SQL run by PostgreSQL itself (generate_series, INSERT … SELECT).

Every statement reads the parameters %(centres)s, %(partners)s, %(apps)s, %(now)s, %(coordinators)s,
%(ministry)s. Helper tables g_* are temporary (the session's own). Ids are given explicitly (sequences are set
afterwards), so the rows of one table can point at another's without a lookup.
Proportions are those of a portal in its tenth year: the open call has drafts and a queue; older calls are mostly
closed (with their rejections and withdrawals); about 10 participants and 2.7 budget lines per application.
"""
from __future__ import annotations

STAFF_PER_CENTRE = 2

# --- organisations and users -----------------------------------------------------------------------------------

CENTRES = """
INSERT INTO organisations (id, kind, name, parent_body, region_code, in_cmm, city, country_code, latitude, longitude,
    languages, trades, capacity_per_year, contact_name, contact_email, agreement_start, agreement_end, active,
    notes, created_at, updated_at)
SELECT i, 'centre', 'CFP ' || c.city || ' ' || lpad(i::text, 4, '0'), 'Centre de services scolaire ' || c.city,
    c.region, c.in_cmm, c.city, 'CA', round((c.lat + (random() - 0.5) * 0.2)::numeric, 6),
    round((c.lon + (random() - 0.5) * 0.2)::numeric, 6), CASE WHEN random() < 0.9 THEN 'fr' ELSE 'en,fr' END, '',
    NULL, NULL, NULL, NULL, NULL, true, '', %(now)s - interval '11 years', %(now)s - interval '11 years'
FROM generate_series(1, %(centres)s) i
JOIN g_city c ON c.idx = 1 + (i * 7919) %% (SELECT count(*) FROM g_city)
"""

PARTNERS = """
INSERT INTO organisations (id, kind, name, parent_body, region_code, in_cmm, city, country_code, latitude, longitude,
    languages, trades, capacity_per_year, contact_name, contact_email, agreement_start, agreement_end, active,
    notes, created_at, updated_at)
SELECT %(centres)s + i, 'partner', 'Établissement partenaire ' || d.city || ' ' || lpad(i::text, 4, '0'), NULL,
    NULL, false, d.city, d.country, round(d.lat::numeric, 6), round(d.lon::numeric, 6),
    CASE d.country WHEN 'FR' THEN 'fr' WHEN 'BE' THEN 'fr,nl' WHEN 'CH' THEN 'fr,de' WHEN 'MX' THEN 'es,en'
                   WHEN 'ES' THEN 'es' WHEN 'DE' THEN 'de,en' ELSE 'en' END,
    (SELECT string_agg(code, ',') FROM (SELECT code FROM g_trade ORDER BY random() + i * 0 LIMIT 3) t),
    10 + (random() * 50)::int, 'Contact ' || i, 'partenaire' || i || '@partners.bench.example',
    DATE '2018-01-01' + (random() * 1500)::int, DATE '2027-12-31', random() < 0.95, '',
    %(now)s - interval '10 years', %(now)s - interval '1 year'
FROM generate_series(1, %(partners)s) i
JOIN g_dest d ON d.idx = 1 + i %% (SELECT count(*) FROM g_dest)
"""

USERS = """
INSERT INTO users (id, email, name, role, organisation_id, password_hash, locale, active, session_nonce,
    last_login_at, created_at, updated_at, totp_secret)
SELECT id, email, name, role, organisation_id, %(password_hash)s, CASE WHEN random() < 0.9 THEN 'fr' ELSE 'en' END,
    true, md5(random()::text), NULL, %(now)s - interval '10 years', %(now)s - interval '10 years',
    CASE WHEN role IN ('admin', 'ministry') THEN %(totp_secret)s END
FROM (
    SELECT (c - 1) * 2 + j AS id, 'staff' || c || '-' || j || '@bench.example' AS email,
           'Responsable ' || c || '-' || j AS name, 'staff' AS role, c AS organisation_id
    FROM generate_series(1, %(centres)s) c, generate_series(1, 2) j
    UNION ALL
    SELECT 2 * %(centres)s + i, 'coordinator' || i || '@bench.example', 'Coordination ' || i, 'coordinator', NULL
    FROM generate_series(1, %(coordinators)s) i
    UNION ALL
    SELECT 2 * %(centres)s + %(coordinators)s + i, 'ministry' || i || '@bench.example', 'Ministère ' || i,
           'ministry', NULL
    FROM generate_series(1, %(ministry)s) i
    UNION ALL
    SELECT 2 * %(centres)s + %(coordinators)s + %(ministry)s + i, 'admin' || i || '@bench.example',
           'Administration ' || i, 'admin', NULL
    FROM generate_series(1, 3) i
) u
"""

# --- applications ------------------------------------------------------------------------------------------------

# k = 0 … 9: the call's age (9 = the open call); prog 1 = students (85 %), 2 = staff; centres skewed (a few big
# ones, a long tail: the biggest holds about 1.5 % of all projects).
APP_DRAW = """
CREATE TEMP TABLE g_draw AS
SELECT i AS id, least(9, floor(10 * power(random(), 0.8)))::int AS k,
    CASE WHEN random() < 0.85 THEN 1 ELSE 2 END AS prog,
    least(%(centres)s, 1 + floor(%(centres)s * power(random(), 1.35)))::int AS centre,
    %(centres)s + 1 + floor(random() * %(partners)s)::int AS partner,
    random() AS r_status, random() AS r_group, random() AS r_dir, random() AS r1, random() AS r2, random() AS r3,
    random() AS r4, random() AS r5
FROM generate_series(1, %(apps)s) i
"""

APP_STATUS = """
CREATE TEMP TABLE g_app AS
SELECT d.*, c.call_id, c.opens_at, c.closes_at, c.stays_from, c.stays_end, c.offset_per_tonne,
    CASE WHEN d.k = 9 THEN CASE WHEN d.r_status < .22 THEN 'draft' WHEN d.r_status < .52 THEN 'submitted'
            WHEN d.r_status < .60 THEN 'changes_requested' WHEN d.r_status < .72 THEN 'recommended'
            WHEN d.r_status < .82 THEN 'approved' WHEN d.r_status < .90 THEN 'rejected' ELSE 'withdrawn' END
         WHEN d.k = 8 THEN CASE WHEN d.r_status < .03 THEN 'in_progress' WHEN d.r_status < .05 THEN 'approved'
            WHEN d.r_status < .42 THEN 'completed' WHEN d.r_status < .77 THEN 'closed' WHEN d.r_status < .92 THEN 'rejected'
            ELSE 'withdrawn' END
         ELSE CASE WHEN d.r_status < .74 THEN 'closed' WHEN d.r_status < .77 THEN 'completed'
            WHEN d.r_status < .92 THEN 'rejected' WHEN d.r_status < .995 THEN 'withdrawn' ELSE 'draft' END
    END AS status,
    CASE WHEN d.prog = 1 AND d.r_group < .85 THEN 'group' WHEN d.prog = 2 AND d.r_group < .3 THEN 'group'
         ELSE 'individual' END AS group_kind,
    CASE WHEN d.r_dir < .15 THEN 'incoming' ELSE 'outgoing' END AS direction,
    7 + floor(d.r2 * 22)::int AS days,
    c.stays_from + 40 + floor(d.r1 * 110)::int AS start_date
FROM g_draw d JOIN g_call c ON c.k = d.k AND c.prog = d.prog
"""

APP_DETAIL = """
CREATE TEMP TABLE g_app2 AS
SELECT a.*, a.start_date + a.days - 1 AS end_date,
    CASE WHEN a.group_kind = 'individual' THEN 1
         WHEN a.prog = 1 THEN 5 + floor(a.r3 * 18)::int ELSE 2 + floor(a.r3 * 6)::int END AS n_part,
    CASE WHEN a.prog = 1 AND a.group_kind = 'group' THEN 1 + (a.r4 < .5)::int ELSE 0 END AS n_adults,
    o.city AS dest_city, o.country_code AS dest_country, o.latitude AS dest_lat, o.longitude AS dest_lon,
    dd.km, dd.transport_cents,
    CASE WHEN a.status = 'draft' THEN NULL
         WHEN a.k = 9 THEN a.opens_at + (least(%(now)s, a.closes_at) - a.opens_at) * a.r5
         ELSE a.opens_at + (a.closes_at - a.opens_at) * a.r5 END AS submitted_at,
    CASE WHEN a.status IN ('draft', 'submitted') THEN NULL
         WHEN a.k = 9 THEN NULL  -- set below, after submitted_at is known
         ELSE a.closes_at + make_interval(days => 5 + floor(a.r4 * 30)::int) END AS decided_at
FROM g_app a
JOIN organisations o ON o.id = a.partner
JOIN g_dest dd ON dd.city = o.city
"""

APP_DECIDED_OPEN_CALL = """
UPDATE g_app2 SET decided_at = submitted_at + (%(now)s - submitted_at) * r4
WHERE k = 9 AND status NOT IN ('draft', 'submitted')
"""

APPLICATIONS = """
INSERT INTO applications (id, call_id, organisation_id, created_by_id, partner_id, answers_application_id, status,
    version, title, trade_code, trade_name, direction, group_kind, destination_country, destination_city,
    destination_latitude, destination_longitude, start_date, end_date, travel_days, travel_mode,
    quoted_transport_cents, quote_justification, objectives, activities, reciprocal_start, reciprocal_end,
    reciprocal_count, submitted_at, decided_at, created_at, updated_at)
SELECT a.id, a.call_id, a.centre, (a.centre - 1) * 2 + 1 + (a.r1 < .3)::int, a.partner,
    CASE WHEN a.direction = 'incoming' AND a.id > 1 THEN greatest(1, a.id - 1 - floor(a.r2 * 5000)::int) END,
    a.status, 1 + (a.status <> 'draft')::int * 3, t.name_fr || ' — stage à ' || a.dest_city, t.code, t.name_fr,
    a.direction, a.group_kind, a.dest_country, a.dest_city, a.dest_lat, a.dest_lon, a.start_date, a.end_date, 2,
    CASE WHEN a.r5 < .85 THEN 'air' WHEN a.r5 < .95 THEN 'green' ELSE 'quoted' END,
    CASE WHEN a.r5 >= .95 THEN a.transport_cents + 15000 END,
    CASE WHEN a.r5 >= .95 THEN 'Tarif de groupe obtenu auprès du transporteur (devis joint).' ELSE '' END,
    'Développer les compétences du métier de ' || t.name_fr || ' dans un autre contexte de travail.',
    'Stage en entreprise, visites techniques, ateliers avec les élèves de l''établissement partenaire.',
    CASE WHEN a.direction = 'outgoing' AND a.r3 < .4 THEN a.start_date + 365 END,
    CASE WHEN a.direction = 'outgoing' AND a.r3 < .4 THEN a.end_date + 365 END,
    CASE WHEN a.direction = 'outgoing' AND a.r3 < .4 THEN a.n_part END,
    a.submitted_at, a.decided_at,
    coalesce(a.submitted_at, a.opens_at + (least(%(now)s, a.closes_at) - a.opens_at) * a.r5)
        - make_interval(days => 3 + floor(a.r1 * 25)::int),
    least(%(now)s, CASE WHEN a.status = 'closed' THEN a.end_date + 90
                        WHEN a.status IN ('completed', 'in_progress') THEN a.end_date + 1
                        ELSE coalesce(a.decided_at, a.submitted_at,
                                      a.opens_at + (least(%(now)s, a.closes_at) - a.opens_at) * a.r5) END)
FROM g_app2 a JOIN g_trade t ON t.idx = 1 + (a.id * 31) %% (SELECT count(*) FROM g_trade)
"""

# --- participants, budget lines ----------------------------------------------------------------------------------

PARTICIPANTS = """
INSERT INTO participants (id, application_id, user_id, first_name, last_name, email, birth_date, kind, trade, locale,
    consent_by, consent_at, consent_purpose, parental_consent_by, parental_consent_at, inclusion_needs, created_at,
    updated_at)
SELECT p.id, p.app, NULL, p.first_name, p.last_name,
    lower(p.first_name) || '.' || lower(p.last_name) || p.id || '@eleves.bench.example',
    p.start_date - (p.age_years * 365.25)::int, p.kind, p.trade, CASE WHEN p.r < .92 THEN 'fr' ELSE 'en' END,
    CASE WHEN p.consented THEN p.first_name || ' ' || p.last_name END,
    CASE WHEN p.consented THEN p.created_at + interval '1 day' END,
    CASE WHEN p.consented THEN 'Gestion du projet de mobilité et bilan du séjour' ELSE '' END,
    CASE WHEN p.consented AND p.age_years < 18 THEN 'Parent de ' || p.first_name || ' ' || p.last_name END,
    CASE WHEN p.consented AND p.age_years < 18 THEN p.created_at + interval '2 days' END,
    CASE WHEN p.r < .03 THEN 'Besoin d''un hébergement adapté.' ELSE '' END, p.created_at, p.created_at
FROM (
    SELECT row_number() OVER (ORDER BY a.id, s) AS id, a.id AS app, a.start_date, ap.created_at, random() AS r,
        (%(first_names)s::text[])[1 + floor(random() * cardinality(%(first_names)s::text[]))::int] AS first_name,
        (%(last_names)s::text[])[1 + floor(random() * cardinality(%(last_names)s::text[]))::int] AS last_name,
        CASE WHEN a.prog = 2 THEN CASE WHEN random() < .7 THEN 'teacher' ELSE 'staff' END
             WHEN s <= a.n_adults THEN 'accompanying' ELSE 'student' END AS kind,
        CASE WHEN a.prog = 1 AND s > a.n_adults AND random() < .15 THEN 16 + random() * 1.9
             WHEN a.prog = 1 AND s > a.n_adults THEN 18 + random() * 17 ELSE 25 + random() * 35 END AS age_years,
        ap.trade_name AS trade, a.status <> 'draft' OR random() < .5 AS consented
    FROM g_app2 a JOIN applications ap ON ap.id = a.id, generate_series(1, a.n_part) s
) p
"""

LINE_DRAW = """
CREATE TEMP TABLE g_line AS
SELECT a.id AS app, a.status, a.call_id, a.r1, kinds.kind, kinds.ord,
    CASE kinds.kind
        WHEN 'transport' THEN a.n_part * coalesce(ap.quoted_transport_cents, a.transport_cents)
        WHEN 'lodging' THEN a.n_part * (a.days - 1) * 12600
        WHEN 'subsistence' THEN a.n_part * a.days * 4625
        WHEN 'flat' THEN a.n_part * CASE WHEN a.days >= 15 THEN 300000 ELSE 250000 END
        WHEN 'cap_reduction' THEN -(a.n_part * 20000)
    END::bigint AS computed,
    a.n_part, a.days
FROM g_app2 a JOIN applications ap ON ap.id = a.id
CROSS JOIN LATERAL (VALUES ('transport', 1), ('lodging', 2), ('subsistence', 3), ('flat', 1),
                           ('cap_reduction', 4)) AS kinds(kind, ord)
WHERE (a.status <> 'draft' OR a.r2 < .5)
  AND CASE kinds.kind WHEN 'flat' THEN a.prog = 2 WHEN 'cap_reduction' THEN a.prog = 1 AND a.r3 > .92
                      ELSE a.prog = 1 END
"""

FUNDING_LINES = """
INSERT INTO funding_lines (id, application_id, position, kind, explanation_fr, explanation_en, computed_cents,
    requested_cents, approved_cents, actual_cents, rates, justification, needs_review)
SELECT row_number() OVER (ORDER BY l.app, l.ord), l.app, l.ord - 1, l.kind,
    l.n_part || ' participant(s) × ' || l.kind || ' (' || l.days || ' jours)',
    l.n_part || ' participant(s) × ' || l.kind || ' (' || l.days || ' days)',
    l.computed, l.requested,
    CASE WHEN l.status IN ('approved', 'in_progress', 'completed', 'closed')
         THEN CASE WHEN l.r1 < .85 OR l.kind = 'cap_reduction' THEN coalesce(l.requested, l.computed)
                   ELSE round(coalesce(l.requested, l.computed) * 0.9)::bigint END END,
    CASE WHEN l.status IN ('completed', 'closed') AND l.kind <> 'cap_reduction'
         THEN round(coalesce(l.requested, l.computed) * (0.85 + random() * 0.2))::bigint END,
    CASE WHEN l.status IN ('draft', 'changes_requested') THEN c.rates ELSE c.frozen_rates END,
    '', false
FROM (SELECT g.*, CASE WHEN random() < .88 OR g.kind = 'cap_reduction' THEN g.computed
                       WHEN random() < .6 THEN round(g.computed * 0.9)::bigint END AS requested
      FROM g_line g) l
JOIN g_call c ON c.call_id = l.call_id
"""

# --- workflow history: decisions, then one audit event per step ---------------------------------------------------

STEPS = """
CREATE TEMP TABLE g_step AS
WITH a AS (SELECT g.*, g.r1 < .15 AS looped FROM g_app2 g WHERE g.status <> 'draft'),
steps AS (
    SELECT id, 1 AS seq, 'submit' AS action, 'staff' AS stage, 'draft' AS from_s, 'submitted' AS to_s,
           submitted_at AS at FROM a
    UNION ALL SELECT id, 2, 'request_changes', 'coordinator', 'submitted', 'changes_requested',
           submitted_at + (coalesce(decided_at, %(now)s) - submitted_at) * 0.3
    FROM a WHERE status = 'changes_requested' OR (looped AND status NOT IN ('submitted', 'withdrawn'))
    UNION ALL SELECT id, 3, 'resubmit', 'staff', 'changes_requested', 'submitted',
           submitted_at + (coalesce(decided_at, %(now)s) - submitted_at) * 0.5
    FROM a WHERE looped AND status NOT IN ('submitted', 'withdrawn', 'changes_requested')
    UNION ALL SELECT id, 4, 'recommend', 'coordinator', 'submitted', 'recommended',
           submitted_at + (decided_at - submitted_at) * 0.8
    FROM a WHERE status IN ('recommended', 'approved', 'in_progress', 'completed', 'closed')
              OR (status = 'rejected' AND r2 < .3)
    UNION ALL SELECT id, 5, 'approve', 'ministry', 'recommended', 'approved', decided_at
    FROM a WHERE status IN ('approved', 'in_progress', 'completed', 'closed')
    UNION ALL SELECT id, 5, 'reject', CASE WHEN r2 < .3 THEN 'ministry' ELSE 'coordinator' END,
           CASE WHEN r2 < .3 THEN 'recommended' ELSE 'submitted' END, 'rejected', decided_at
    FROM a WHERE status = 'rejected'
    UNION ALL SELECT id, 5, 'withdraw', 'staff', 'submitted', 'withdrawn', decided_at FROM a WHERE status = 'withdrawn'
    UNION ALL SELECT id, 6, 'start_stay', 'staff', 'approved', 'in_progress', start_date::timestamp + interval '8 hours'
    FROM a WHERE status IN ('in_progress', 'completed', 'closed')
    UNION ALL SELECT id, 7, 'complete_stay', 'staff', 'in_progress', 'completed', end_date::timestamp + interval '1 day'
    FROM a WHERE status IN ('completed', 'closed')
    UNION ALL SELECT id, 8, 'close', 'coordinator', 'completed', 'closed', end_date::timestamp + interval '90 days'
    FROM a WHERE status = 'closed'
)
SELECT row_number() OVER (ORDER BY s.id, s.seq) AS step_id, s.*,
    CASE s.stage WHEN 'staff' THEN (a.centre - 1) * 2 + 1 + (a.r1 < .3)::int
         WHEN 'coordinator' THEN 2 * %(centres)s + 1 + floor(random() * %(coordinators)s)::int
         ELSE 2 * %(centres)s + %(coordinators)s + 1 + floor(random() * %(ministry)s)::int END AS actor
FROM steps s JOIN g_app2 a ON a.id = s.id
"""

DECISIONS = """
INSERT INTO decisions (id, application_id, stage, action, from_status, to_status, comment, actor_id,
    idempotency_key, created_at)
SELECT step_id, id, stage, action, from_s, to_s,
    CASE action WHEN 'request_changes' THEN 'Préciser le programme du séjour et l''hébergement.'
                WHEN 'reject' THEN 'Projet non retenu : enveloppe insuffisante pour ce volet.' ELSE '' END,
    actor, md5(step_id::text || 'bench'), at
FROM g_step
"""

# --- documents, reports, pairings ------------------------------------------------------------------------------------

DOCUMENTS = """
INSERT INTO documents (id, application_id, participant_id, funding_line_id, kind, status, storage_backend,
    storage_key, original_name, content_type, size_bytes, sha256, uploaded_by_id, uploaded_at, superseded_by_id,
    superseded_at)
SELECT row_number() OVER (ORDER BY d.app, d.kind, d.participant), d.app, d.participant, NULL, d.kind, 'confirmed',
    'local', 'bench/' || md5(d.app || '-' || d.kind || '-' || coalesce(d.participant, 0) || '-' || d.n),
    d.kind || '.pdf', 'application/pdf', 40000 + floor(random() * 2000000)::int,
    md5(random()::text) || md5(random()::text), d.uploader, d.at, NULL, NULL
FROM (
    SELECT a.id AS app, NULL::int AS participant, k.kind, 1 AS n, (a.centre - 1) * 2 + 1 AS uploader,
           a.submitted_at - interval '1 day' AS at
    FROM g_app2 a CROSS JOIN LATERAL unnest(CASE WHEN a.prog = 1
        THEN ARRAY['stay_programme', 'budget_grid', 'participant_list', 'partner_agreement']
        ELSE ARRAY['stay_programme', 'budget_grid', 'partner_agreement'] END) AS k(kind)
    WHERE a.status <> 'draft'
    UNION ALL
    SELECT a.id, p.id, 'parental_consent', 1, (a.centre - 1) * 2 + 1, a.submitted_at - interval '2 days'
    FROM g_app2 a JOIN participants p ON p.application_id = a.id
    WHERE a.status <> 'draft' AND p.parental_consent_by IS NOT NULL
    UNION ALL
    SELECT a.id, NULL, 'receipt', n, (a.centre - 1) * 2 + 1, a.end_date + interval '20 days'
    FROM g_app2 a, generate_series(1, 2) n WHERE a.status IN ('completed', 'closed')
) d
"""

STAY_REPORTS = """
INSERT INTO stay_reports (id, participant_id, status, competencies, language_progress, satisfaction_preparation,
    satisfaction_host, satisfaction_lodging, satisfaction_overall, advice, comments, quote_consent, invited_at,
    last_reminder_at, reminders_sent, submitted_at, created_at, updated_at)
SELECT row_number() OVER (ORDER BY p.id), p.id, r.status,
    CASE WHEN r.done THEN 'Techniques du métier observées chez le partenaire; travail en équipe.' ELSE '' END,
    CASE WHEN r.done THEN 1 + floor(random() * 5)::int END, CASE WHEN r.done THEN 2 + floor(random() * 4)::int END,
    CASE WHEN r.done THEN 2 + floor(random() * 4)::int END, CASE WHEN r.done THEN 1 + floor(random() * 5)::int END,
    CASE WHEN r.done THEN 3 + floor(random() * 3)::int END,
    CASE WHEN r.done THEN 'Bien préparer son budget.' ELSE '' END, '', r.done AND random() < .4,
    a.end_date + interval '1 day', CASE WHEN NOT r.done THEN a.end_date + interval '21 days' END,
    CASE WHEN r.done THEN 0 ELSE 2 END,
    CASE WHEN r.done THEN a.end_date + make_interval(days => 3 + floor(random() * 20)::int) END,
    a.end_date + interval '1 day', a.end_date + interval '25 days'
FROM g_app2 a JOIN participants p ON p.application_id = a.id AND p.kind = 'student'
CROSS JOIN LATERAL (SELECT random() < .6 + p.id * 0 AS done) d  -- correlated: drawn per row
CROSS JOIN LATERAL (SELECT d.done AS done,
                           CASE WHEN NOT d.done THEN 'draft' WHEN a.status = 'closed' THEN 'accepted'
                                ELSE 'submitted' END AS status) r
WHERE a.status IN ('completed', 'closed')
"""

FINAL_REPORTS = """
INSERT INTO final_reports (id, application_id, status, outcomes, reciprocal_visit_status, overrun_justification,
    submitted_at, reviewed_at, reviewed_by_id, review_comment, created_at, updated_at)
SELECT row_number() OVER (ORDER BY a.id), a.id,
    CASE WHEN a.status = 'closed' THEN 'accepted' WHEN a.r3 < .5 THEN 'submitted' ELSE 'draft' END,
    'Objectifs atteints : ' || a.n_part || ' participants, compétences évaluées au retour.',
    CASE WHEN a.direction = 'outgoing' THEN 'Visite réciproque prévue l''an prochain.' ELSE '' END, '',
    CASE WHEN a.status = 'closed' OR a.r3 < .5 THEN a.end_date + interval '45 days' END,
    CASE WHEN a.status = 'closed' THEN a.end_date + interval '85 days' END,
    CASE WHEN a.status = 'closed' THEN 2 * %(centres)s + 1 + floor(random() * %(coordinators)s)::int END,
    '', a.end_date + interval '10 days', a.end_date + interval '85 days'
FROM g_app2 a WHERE a.status IN ('completed', 'closed')
"""

PAIRINGS = """
INSERT INTO pairings (id, application_id, partner_id, counterpart_application_id, status, reasons, created_by_id,
    created_at, partner_responded_at, partner_comment, link_used_at)
SELECT row_number() OVER (ORDER BY a.id), a.id, a.partner, NULL,
    CASE WHEN a.status IN ('completed', 'closed') OR a.r4 < .8 THEN 'confirmed'
         WHEN a.r4 < .9 THEN 'proposed' ELSE 'declined' END,
    'trade,language,capacity', 2 * %(centres)s + 1 + floor(random() * %(coordinators)s)::int,
    a.submitted_at + interval '3 days',
    CASE WHEN a.status IN ('completed', 'closed') OR a.r4 < .8 OR a.r4 >= .9 THEN a.submitted_at + interval '9 days' END,
    '', CASE WHEN a.status IN ('completed', 'closed') OR a.r4 < .8 THEN a.submitted_at + interval '9 days' END
FROM g_app2 a
WHERE a.direction = 'outgoing' AND a.status IN ('recommended', 'approved', 'in_progress', 'completed', 'closed')
  AND a.r5 < .6
"""

# Each approved outgoing stay with a partner owes it a return visit (portal/partners/obligations.py): due the planned
# reciprocal visit's year, else the year after the stay. Most past ones were met, the rest are overdue.
OBLIGATIONS = """
INSERT INTO reciprocity_obligations (id, application_id, partner_id, due_year, status, met_by_application_id,
    met_at, proposed_comment, created_at)
SELECT row_number() OVER (ORDER BY o.id), o.id, o.partner_id, o.due_year, o.status, NULL,
    CASE WHEN o.status = 'met' THEN make_timestamp(least(o.due_year, extract(year FROM %(now)s)::int), 6, 15, 12, 0, 0)
    END, '', o.decided_at
FROM (
    SELECT ap.id, ap.partner_id, ap.decided_at,
        coalesce(extract(year FROM ap.reciprocal_start)::int, extract(year FROM ap.end_date)::int + 1) AS due_year,
        CASE WHEN (ap.id * 7919) %% 100 < CASE WHEN coalesce(extract(year FROM ap.reciprocal_start)::int,
                  extract(year FROM ap.end_date)::int + 1) < extract(year FROM %(now)s)::int THEN 60 ELSE 8 END
             THEN 'met' ELSE 'open' END AS status
    FROM applications ap
    WHERE ap.direction = 'outgoing' AND ap.partner_id IS NOT NULL
      AND ap.status IN ('approved', 'in_progress', 'completed', 'closed')
) o
"""

# One event per thing that happened, as the operations write them: ~19 per application.
AUDIT_EVENTS = """
INSERT INTO audit_events (id, created_at, actor_id, action, object_type, object_id, before, after, remote_addr)
SELECT row_number() OVER (ORDER BY e.at, e.object_id), e.at, e.actor, e.action, e.object_type, e.object_id,
    e.before, e.after, '10.' || (e.object_id %% 250) || '.' || (e.object_id / 250 %% 250) || '.7'
FROM (
    SELECT ap.created_at AS at, ap.created_by_id AS actor, 'application.created' AS action,
           'application' AS object_type, ap.id AS object_id, NULL::json AS before,
           json_build_object('title', ap.title) AS after
    FROM applications ap
    UNION ALL
    SELECT ap.created_at + interval '2 days', ap.created_by_id, 'application.updated', 'application', ap.id,
           json_build_object('start_date', ap.start_date - 7), json_build_object('start_date', ap.start_date)
    FROM applications ap WHERE ap.id %% 2 = 0

    UNION ALL
    SELECT s.at, s.actor, 'application.' || s.action, 'application', s.id, json_build_object('status', s.from_s),
           json_build_object('status', s.to_s)
    FROM g_step s
    UNION ALL
    SELECT p.created_at, ap.created_by_id, 'participant.added', 'participant', p.id, NULL,
           json_build_object('kind', p.kind)
    FROM participants p JOIN applications ap ON ap.id = p.application_id WHERE ap.id %% 10 = 1
    UNION ALL
    SELECT ap.created_at + interval '1 day', ap.created_by_id, 'participants.imported', 'application', ap.id, NULL,
           NULL
    FROM applications ap WHERE ap.id %% 10 <> 1
    UNION ALL
    SELECT d.uploaded_at, d.uploaded_by_id, 'document.uploaded', 'document', d.id, NULL,
           json_build_object('size', d.size_bytes)
    FROM documents d
    UNION ALL
    SELECT r.submitted_at, NULL, 'stay_report.submitted', 'stay_report', r.id, NULL, NULL
    FROM stay_reports r WHERE r.submitted_at IS NOT NULL
    UNION ALL
    SELECT f.submitted_at, NULL, 'final_report.submitted', 'application', f.application_id, NULL, NULL
    FROM final_reports f WHERE f.submitted_at IS NOT NULL
    UNION ALL
    SELECT pr.created_at, pr.created_by_id, 'application.pair', 'application', pr.application_id, NULL,
           json_build_object('partner_id', pr.partner_id)
    FROM pairings pr
) e
"""

# Envelopes hold what was approved (committed never above the envelope).
CALL_ENVELOPES = """
UPDATE calls c SET committed_cents = t.approved,
    envelope_cents = greatest(c.envelope_cents, (t.approved * 1.15)::bigint)
FROM (SELECT ap.call_id, coalesce(sum(f.approved_cents), 0)::bigint AS approved
      FROM applications ap JOIN funding_lines f ON f.application_id = ap.id
      WHERE ap.status IN ('approved', 'in_progress', 'completed', 'closed') GROUP BY ap.call_id) t
WHERE t.call_id = c.id
"""

# Columns other branches add (issue 15's stored totals, carbon): filled when the schema has them.
OPTIONAL_APPLICATION_COLUMNS = {
    "requested_total_cents": """
        UPDATE applications ap SET requested_total_cents = t.total
        FROM (SELECT application_id, sum(coalesce(requested_cents, computed_cents))::bigint AS total
              FROM funding_lines GROUP BY application_id) t WHERE t.application_id = ap.id""",
    "approved_total_cents": """
        UPDATE applications ap SET approved_total_cents = t.total
        FROM (SELECT application_id, sum(approved_cents)::bigint AS total FROM funding_lines
              WHERE approved_cents IS NOT NULL GROUP BY application_id) t WHERE t.application_id = ap.id""",
    "co2_kg": """
        UPDATE applications ap SET co2_kg = round((a.n_part * a.km * 2
                 * CASE WHEN a.km > 3700 THEN 0.150 ELSE 0.156 END)::numeric, 1)
        FROM g_app2 a WHERE a.id = ap.id AND a.status <> 'draft'""",
    "offset_cents": """
        UPDATE applications ap SET offset_cents = round(a.n_part * a.km * 2
                 * CASE WHEN a.km > 3700 THEN 0.150 ELSE 0.156 END / 1000 * a.offset_per_tonne)::bigint
        FROM g_app2 a WHERE a.id = ap.id AND a.status <> 'draft'""",
}

SEQUENCED_TABLES = ("organisations", "users", "applications", "participants", "funding_lines", "decisions",
                    "documents", "stay_reports", "final_reports", "pairings", "reciprocity_obligations",
                    "audit_events")
