// ChangePage: one page of a change stream (directory, referral events, news, resources,
// profile edits), in number order.
//
// Every stream numbers its rows from a counter row that the writing transaction updates
// first. The row lock is held until commit, so writers of a stream commit in number order and
// a reader that has seen number N has seen every committed row below N: a cursor never skips
// a row committed out of order.
#pragma once

#include <QByteArray>
#include <QList>

namespace htmse::server {

struct ChangeItem
{
    qint64 seq = 0;
    QByteArray json; // the item as compact JSON: stored documents are passed through unparsed
};

struct ChangePage
{
    QList<ChangeItem> items;
    bool hasMore = false;
};

} // namespace htmse::server
