// Reads the tab-separated reference tables compiled in as resources (see resources/README.md).
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <functional>

namespace htmse {

// Calls onRow for every data row of a TSV resource ('#' lines are comments). Rows whose column
// count differs from `columns` are counted as skipped. Returns the number of rows read, or -1
// when the resource cannot be opened.
qsizetype forEachTsvRow(const QString& path, qsizetype columns,
                        const std::function<void(const QList<QStringView>& row)>& onRow, qsizetype* skipped = nullptr);

} // namespace htmse
