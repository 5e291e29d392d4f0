// readv and writev: the buffers a call may take.
#pragma once

#define UIO_MAXIOV 1024
