package io.shopset.routing.model;

import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable list of one non-null element in 16 bytes: the header and the element. Most shops
 * list one custom domain; {@code List.of(h)} and {@code Collections.singletonList(h)} take 24 bytes
 * each (8 MB more for a million shops). Equal to, and hashed as, any list of that one element.
 */
final class OneElementList<E> extends AbstractCollection<E> implements List<E>, RandomAccess {

    private final E element;

    OneElementList(E element) {
        this.element = Objects.requireNonNull(element);
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public E get(int index) {
        Objects.checkIndex(index, 1);
        return element;
    }

    @Override
    public boolean contains(Object o) {
        return element.equals(o);
    }

    @Override
    public int indexOf(Object o) {
        return element.equals(o) ? 0 : -1;
    }

    @Override
    public int lastIndexOf(Object o) {
        return indexOf(o);
    }

    @Override
    public Iterator<E> iterator() {
        return new Iterator<>() {
            private boolean done;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public E next() {
                if (done) {
                    throw new NoSuchElementException();
                }
                done = true;
                return element;
            }
        };
    }

    @Override
    public ListIterator<E> listIterator() {
        return List.of(element).listIterator();
    }

    @Override
    public ListIterator<E> listIterator(int index) {
        return List.of(element).listIterator(index);
    }

    @Override
    public List<E> subList(int fromIndex, int toIndex) {
        return List.of(element).subList(fromIndex, toIndex);
    }

    @Override
    public boolean addAll(int index, Collection<? extends E> c) {
        throw new UnsupportedOperationException();
    }

    @Override
    public E set(int index, E e) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void add(int index, E e) {
        throw new UnsupportedOperationException();
    }

    @Override
    public E remove(int index) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof List<?> other) || other.size() != 1) {
            return false;
        }
        return element.equals(other.get(0));
    }

    @Override
    public int hashCode() {
        return 31 + element.hashCode();
    }
}
