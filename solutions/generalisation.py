"""Solutions for notebook 06."""


def dropout_backward(dA_dropped, keep, rate):
    # forward was A_dropped = A * keep / (1 - rate): the same factor on the way back
    return dA_dropped * keep / (1 - rate)


def early_stopping(val_losses, patience):
    best_epoch, best_loss, waited = None, float("inf"), 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_epoch, best_loss, waited = epoch, loss, 0
        else:
            waited += 1
            if waited == patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)
