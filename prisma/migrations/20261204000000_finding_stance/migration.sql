-- A finding argues for a problem (the default) or against a common hypothesis ("DNS answered
-- fast except while conntrack was full"), which a hypothesis can cite as a refutation.
ALTER TABLE findings ADD COLUMN stance TEXT NOT NULL DEFAULT 'for' CHECK (stance IN ('for', 'against'));
