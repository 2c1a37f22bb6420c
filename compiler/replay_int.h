/* replay_int: what the replay_*.c files share.  Not for use outside replay. */
#ifndef SQLC_REPLAY_INT_H
#define SQLC_REPLAY_INT_H

#include "astwalk.h"
#include "canon.h"
#include "deparse.h"
#include "pgident.h"
#include "pgnames.h"
#include "pgtypes.h"
#include "replay.h"

#include <string.h>

/* Reports an error at the current statement (or at a node's location when
 * location >= 0) and returns -1. */
int rp_error(replayer *rp, int location, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void rp_warn(replayer *rp, int location, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void rp_notice(replayer *rp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Unsupported statement or clause: a warning, or an error under strict. */
int rp_unsupported(replayer *rp, int location, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Stamps o with the current statement's location. */
void rp_touch(replayer *rp, cat_obj *o);

/* The schema a CREATE puts its object in: the named one, or the first
 * existing schema on the search path.  NULL after an error. */
cat_schema *rp_target_schema(replayer *rp, const char *schemaname, int location);
/* The relation a RangeVar names, through the search path.  When it does
 * not exist: NULL, with an error unless missing_ok. */
cat_rel *rp_rel(replayer *rp, const PgQuery__RangeVar *rv, bool missing_ok);
/* Splits a qualified name list (String nodes) into schema and name. */
int rp_qualname(replayer *rp, PgQuery__Node **names, size_t n, const char **schema,
                const char **name, int location);
/* Canonical type text for tn, recording a dependency of owner on a user
 * type; NULL after an error. */
char *rp_type(replayer *rp, const PgQuery__TypeName *tn, cat_obj *owner);
/* Canonical text of expr in the scope of rel (may be NULL). */
char *rp_expr(replayer *rp, PgQuery__Node *expr, cat_rel *rel, cat_obj *owner, char how);
/* The same for a value of a known type (a column's DEFAULT or GENERATED
 * expression, a domain's DEFAULT or CHECK): literals read as that type. */
char *rp_expr_typed(replayer *rp, PgQuery__Node *expr, cat_rel *rel, cat_obj *owner, char how,
                    const char *type);
/* Drops a half-made object again after a failed CREATE, so a failing
 * statement leaves nothing behind. */
void rp_discard(replayer *rp, cat_obj *o);
/* In a canonical index element "(expr) opclass ...", the offset of the
 * parenthesis that closes the one at e[0]; quoted literals and
 * identifiers are skipped.  strlen(e) when unbalanced. */
size_t rp_paren_end(const char *e);
/* "schema.name" with quoting, for messages and texts. */
char *rp_qualified(const char *schema, const char *name);
/* Options list (DefElem) -> "key=value" strings. */
void rp_reloptions(PgQuery__Node **opts, size_t n, strvec *out);

/* A new relation's row type would clash with an existing type of that
 * name: the server's error (heap_create_with_catalog).  0, or -1. */
int rp_check_rowtype(replayer *rp, const cat_schema *s, const char *name, int location);
/* Is name taken by a constraint anywhere in schema s? */
bool rp_constraint_name_taken(const catalog *c, const cat_schema *s, const char *name);

/* Handlers, one per statement kind. */
int rp_create_table(replayer *rp, PgQuery__CreateStmt *cs);
int rp_alter_table(replayer *rp, PgQuery__AlterTableStmt *at);
int rp_create_index(replayer *rp, PgQuery__IndexStmt *is);
int rp_create_seq(replayer *rp, PgQuery__CreateSeqStmt *cs);
int rp_alter_seq(replayer *rp, PgQuery__AlterSeqStmt *as);
int rp_create_view(replayer *rp, PgQuery__ViewStmt *vs);
int rp_create_table_as(replayer *rp, PgQuery__CreateTableAsStmt *cs);
int rp_refresh_matview(replayer *rp, PgQuery__RefreshMatViewStmt *rs);
int rp_create_function(replayer *rp, PgQuery__CreateFunctionStmt *cf);
int rp_alter_function(replayer *rp, PgQuery__AlterFunctionStmt *af);
int rp_create_trigger(replayer *rp, PgQuery__CreateTrigStmt *ct);
int rp_create_enum(replayer *rp, PgQuery__CreateEnumStmt *ce);
int rp_alter_enum(replayer *rp, PgQuery__AlterEnumStmt *ae);
int rp_create_composite(replayer *rp, PgQuery__CompositeTypeStmt *ct);
int rp_create_domain(replayer *rp, PgQuery__CreateDomainStmt *cd);
int rp_alter_domain(replayer *rp, PgQuery__AlterDomainStmt *ad);
int rp_create_range(replayer *rp, PgQuery__CreateRangeStmt *cr);
int rp_create_extension(replayer *rp, PgQuery__CreateExtensionStmt *ce);
int rp_alter_extension(replayer *rp, PgQuery__AlterExtensionStmt *ae);
int rp_create_schema(replayer *rp, PgQuery__CreateSchemaStmt *cs);
int rp_create_policy(replayer *rp, PgQuery__CreatePolicyStmt *cp);
int rp_alter_policy(replayer *rp, PgQuery__AlterPolicyStmt *ap);
int rp_comment(replayer *rp, PgQuery__CommentStmt *cs);
int rp_rename(replayer *rp, PgQuery__RenameStmt *rs);
int rp_drop(replayer *rp, PgQuery__DropStmt *ds);
int rp_alter_owner(replayer *rp, PgQuery__AlterOwnerStmt *ao);
int rp_alter_object_schema(replayer *rp, PgQuery__AlterObjectSchemaStmt *as);
int rp_grant(replayer *rp, PgQuery__GrantStmt *gs);
int rp_variable_set(replayer *rp, PgQuery__VariableSetStmt *vs);
int rp_select(replayer *rp, PgQuery__SelectStmt *ss);
int rp_do(replayer *rp, PgQuery__DoStmt *ds);
bool rp_stmt_is_data(const PgQuery__Node *n);

/* Helpers shared between table creation and ALTER TABLE. */
int rp_add_column(replayer *rp, cat_rel *r, PgQuery__ColumnDef *cd, strvec *pending_checks);
int rp_add_constraint(replayer *rp, cat_rel *r, PgQuery__Constraint *con, const char *colname);
void rp_seq_defaults(cat_seqopts *s, const char *type);
/* A literal default of an enum (or enum array) column must be one of
 * its labels, as the server finds when it coerces it.  0, or -1. */
int rp_check_enum_default(replayer *rp, const cat_column *col);
/* Sets col's default from expr (canonical, typed, enum labels checked); a
 * NULL constant leaves no default, as in the server.  -1 on error. */
int rp_column_default(replayer *rp, cat_rel *r, cat_column *col, PgQuery__Node *expr);
/* Partitions: the copy child gets of its parent's index pix (an
 * equivalent index it has is used when attach), and of a foreign key;
 * both go on down to the child's own partitions. */
int rp_clone_index(replayer *rp, cat_rel *child, const cat_index *pix, bool attach);
int rp_clone_fk(replayer *rp, cat_rel *child, const cat_constraint *pf);
int rp_clone_trigger(replayer *rp, cat_rel *child, const cat_trigger *pt);
/* Re-reads a column's stored default as a value of its (new) type, as the
 * server does after ALTER COLUMN TYPE. */
int rp_recoerce_default(replayer *rp, cat_rel *r, cat_column *col);
int rp_seq_options(replayer *rp, cat_rel *seq, PgQuery__Node **opts, size_t n, bool create);
cat_rel *rp_new_owned_seq(replayer *rp, cat_rel *r, cat_column *col, const char *type, bool identity);
cat_func *rp_lookup_func(replayer *rp, PgQuery__Node **names, size_t n, PgQuery__Node **args,
                         size_t nargs, bool args_given, bool missing_ok, int location);

#endif
