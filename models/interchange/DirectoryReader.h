// DirectoryReader: the one way directory data comes in from a file — the htmse directory file,
// HSDS 3.0 JSON, or an HSDS CSV data package (a folder, or its datapackage.json). The format is
// sniffed once from the first bytes; the records go to a DirectorySink in batches (each batch
// one transaction of the sink), and one summary with one kind of problem comes back.
//
// A directory file is streamed: its records are parsed one at a time as the bytes arrive, so
// memory stays flat whatever the file's size. HSDS data is read whole (its records link to each
// other across the file) and then handed over in the same batches.
#pragma once

#include "interchange/ImportProblem.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

class QIODevice;

namespace htmse {

class DirectorySink;

struct ImportSummary
{
    static constexpr qsizetype kMaxProblems = 10'000; // a list a person can still read

    QString format;              // "htmse-directory" or "hsds"; empty when not recognised
    bool readable = false;       // false: not directory data at all (the problems say why); nothing was written
    bool complete = true;        // false: the input ended early or broke off; what came before it was written
    qsizetype professionals = 0; // written to the sink
    qsizetype organisations = 0; // written to the sink
    qsizetype skipped = 0;       // records left out because of their problems
    QList<ImportProblem> problems;
    qsizetype problemsNotListed = 0; // beyond kMaxProblems
    QString sinkError;               // the sink refused a batch: the import stopped there

    void addProblem(ImportProblem problem);
};

class DirectoryReader
{
public:
    struct Options
    {
        int batchSize = 1000;
        QDateTime now;      // HSDS: the time of records that carry none; invalid = the current time
        QString sourceName; // names the input in problems (defaults to the file's name)
    };

    static ImportSummary read(const QString& path, DirectorySink& sink, const Options& options);
    // A directory file or HSDS JSON from a device (a data package needs a folder: use the path).
    static ImportSummary read(QIODevice* device, DirectorySink& sink, const Options& options);
    // The htmse directory file alone (no sniffing), with its header's values in *header.
    static ImportSummary readDirectoryFile(QIODevice* device, DirectorySink& sink, int batchSize,
                                           QJsonObject* header = nullptr);
    // What the file at `path` holds, from its first bytes (a folder is a data package): "htmse-directory",
    // "hsds", or empty when it is neither.
    static QString sniff(const QString& path);
};

} // namespace htmse
