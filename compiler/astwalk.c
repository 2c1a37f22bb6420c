/* astwalk: descriptor-driven traversal of protobuf-c messages.  See astwalk.h. */
#include "astwalk.h"
#include "util.h"

#include <string.h>

ProtobufCMessage *ast_inner(const PgQuery__Node *n)
{
    if (!n || n->node_case == PG_QUERY__NODE__NODE__NOT_SET)
        return NULL;
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field(&pg_query__node__descriptor, n->node_case);
    if (!f)
        return NULL;
    return *(ProtobufCMessage **)((const char *)n + f->offset);
}

static void walk_msg(ProtobufCMessage *m, ast_visit_fn visit, void *ctx)
{
    if (!m)
        return;
    if (m->descriptor == &pg_query__node__descriptor) {
        PgQuery__Node *n = (PgQuery__Node *)m;
        if (!visit(n, ctx))
            return;
        /* The visitor may have replaced the content: walk what is there now. */
        ProtobufCMessage *inner = ast_inner(n);
        if (inner)
            walk_msg(inner, visit, ctx);
        return;
    }
    const ProtobufCMessageDescriptor *d = m->descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        char *base = (char *)m;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(size_t *)(base + f->quantifier_offset);
            ProtobufCMessage **arr = *(ProtobufCMessage ***)(base + f->offset);
            for (size_t k = 0; k < n; k++)
                walk_msg(arr[k], visit, ctx);
        } else {
            walk_msg(*(ProtobufCMessage **)(base + f->offset), visit, ctx);
        }
    }
}

void ast_walk(ProtobufCMessage *msg, ast_visit_fn visit, void *ctx)
{
    walk_msg(msg, visit, ctx);
}

void ast_free(PgQuery__Node *n)
{
    if (n)
        protobuf_c_message_free_unpacked(&n->base, NULL);
}

void ast_replace(PgQuery__Node *dst, PgQuery__Node *src)
{
    ProtobufCMessage *old = ast_inner(dst);
    if (old)
        protobuf_c_message_free_unpacked(old, NULL);
    ProtobufCMessage *inner = ast_inner(src);
    dst->node_case = src->node_case;
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field(&pg_query__node__descriptor, src->node_case);
    *(ProtobufCMessage **)((char *)dst + f->offset) = inner;
    free(src);
}

PgQuery__Node *ast_string(const char *s)
{
    PgQuery__String *str = xmalloc(sizeof(*str));
    pg_query__string__init(str);
    str->sval = xstrdup(s);
    PgQuery__Node *n = xmalloc(sizeof(*n));
    pg_query__node__init(n);
    n->node_case = PG_QUERY__NODE__NODE_STRING;
    n->string = str;
    return n;
}

const char *ast_str(const PgQuery__Node *n)
{
    return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : NULL;
}

void ast_set_string(char **field, const char *v)
{
    if (*field && *field != protobuf_c_empty_string)
        free(*field);
    *field = xstrdup(v);
}
