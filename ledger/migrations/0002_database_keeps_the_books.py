"""On PostgreSQL the database itself keeps the books: at commit, each transaction's entries
add up to zero in the transaction's currency, each entry is in its account's currency, and no
account that may not go negative is below zero; entries and transactions are never updated or
deleted. (Elsewhere the services alone keep these rules.)"""

from django.db import migrations

CREATE = """
CREATE FUNCTION ledger_check_entry() RETURNS trigger AS $$
DECLARE
    unbalanced numeric;
    overdrawn numeric;
BEGIN
    IF EXISTS (
        SELECT 1 FROM ledger_entry e
        JOIN ledger_transaction t ON t.id = e.transaction_id
        JOIN ledger_account a ON a.id = e.account_id
        WHERE e.id = NEW.id AND (e.currency <> t.currency OR e.currency <> a.currency)
    ) THEN
        RAISE EXCEPTION 'ledger entry % is not in its transaction''s and account''s currency', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT SUM(amount) INTO unbalanced FROM ledger_entry WHERE transaction_id = NEW.transaction_id;
    IF unbalanced <> 0 THEN
        RAISE EXCEPTION 'ledger transaction % does not balance (%)', NEW.transaction_id, unbalanced
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT SUM(e.amount) INTO overdrawn FROM ledger_entry e
        JOIN ledger_account a ON a.id = e.account_id
        WHERE e.account_id = NEW.account_id AND NOT a.may_go_negative;
    IF overdrawn < 0 THEN
        RAISE EXCEPTION 'ledger account % would go negative (%)', NEW.account_id, overdrawn
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER ledger_entry_keeps_the_books
    AFTER INSERT ON ledger_entry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_entry();

CREATE FUNCTION ledger_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_transaction_append_only BEFORE UPDATE OR DELETE ON ledger_transaction
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS ledger_transaction_append_only ON ledger_transaction;
DROP TRIGGER IF EXISTS ledger_entry_append_only ON ledger_entry;
DROP FUNCTION IF EXISTS ledger_refuse_change();
DROP TRIGGER IF EXISTS ledger_entry_keeps_the_books ON ledger_entry;
DROP FUNCTION IF EXISTS ledger_check_entry();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # A cursor of its own: the SQL's % signs are PL/pgSQL's, not parameters.
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_ledger")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
