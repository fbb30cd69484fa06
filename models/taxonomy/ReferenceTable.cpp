#include "taxonomy/ReferenceTable.h"

#include <QFile>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcReference, "htmse.reference")

namespace htmse {

qsizetype forEachTsvRow(const QString& path, qsizetype columns,
                        const std::function<void(const QList<QStringView>& row)>& onRow, qsizetype* skipped)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        qCCritical(lcReference) << "cannot open reference table" << path << file.errorString();
        return -1;
    }
    const QString text = QString::fromUtf8(file.readAll());
    qsizetype rows = 0;
    qsizetype bad = 0;
    QList<QStringView> fields;
    for (const QStringView line : QStringView(text).split(QLatin1Char('\n'))) {
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        fields = line.split(QLatin1Char('\t'));
        if (fields.size() != columns) {
            ++bad;
            continue;
        }
        onRow(fields);
        ++rows;
    }
    if (bad > 0)
        qCWarning(lcReference) << path << "has" << bad << "malformed rows";
    if (skipped)
        *skipped = bad;
    return rows;
}

} // namespace htmse
